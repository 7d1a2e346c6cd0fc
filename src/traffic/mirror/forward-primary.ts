import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Dispatcher } from "undici";
import { endToEndHeaders } from "./hop-by-hop.ts";

export interface PrimaryRequest {
  readonly method: string;
  /** The request target as the client sent it (path with query, or absolute-form). */
  readonly url: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

export interface PrimaryCallbacks {
  /** The primary's final status and headers, just before they are written to the client. */
  onHead(status: number, headers: IncomingHttpHeaders): void;
  /** The primary gave no (complete) answer; `answered` says whether its head already reached the client. */
  onError(error: Error, answered: boolean): void;
}

/**
 * Sends the request to the primary and streams its answer into `res` as it comes: head as soon as it is
 * known, each body chunk as it arrives (pausing the primary when the client reads slowly). `dispatch()`
 * with a handler that writes straight to the response: no Readable body and no promise per request on the
 * production path. A client that goes away aborts the primary request.
 */
export function forwardToPrimary(
  dispatcher: Dispatcher,
  primary: string,
  req: PrimaryRequest,
  res: ServerResponse,
  callbacks: PrimaryCallbacks,
): void {
  let controller: Dispatcher.DispatchController | undefined;
  let answered = false;
  res.once("close", () => {
    if (!res.writableFinished) controller?.abort(new Error("client closed the connection"));
  });
  const fail = (error: Error) => {
    // A client that went away is not a primary failure (its abort lands here too).
    if (res.writableFinished || res.destroyed) return;
    callbacks.onError(error, answered);
  };
  try {
    // As undici's request(new URL(url, primary)) resolved it: an absolute-form target keeps its origin.
    const target = new URL(req.url, primary);
    dispatcher.dispatch(
      {
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
        body: req.body.length > 0 ? req.body : null,
      },
      {
        onRequestStart(c) {
          controller = c;
        },
        onResponseStart(_c, statusCode, headers) {
          if (statusCode < 200) return; // informational: the final answer follows
          answered = true;
          callbacks.onHead(statusCode, headers);
          res.writeHead(statusCode, endToEndHeaders(headers, false));
        },
        onResponseData(c, chunk) {
          if (!res.write(chunk)) {
            c.pause();
            res.once("drain", () => c.resume());
          }
        },
        onResponseEnd() {
          res.end();
        },
        onResponseError(_c, error) {
          fail(error);
        },
      },
    );
  } catch (error) {
    fail(error instanceof Error ? error : new Error(String(error)));
  }
}
