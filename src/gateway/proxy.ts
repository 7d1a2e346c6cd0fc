/**
 * Sending the request upstream through the service's undici Pool (kong.md §6.2): per-try connect
 * (upstream-connector.ts), write and read timeouts on our own timers, `retries` more tries under
 * nginx's default `proxy_next_upstream error timeout`, and the classification of failures into
 * Kong's 502 / 504 / 503 answers (§6.1).
 *
 * Timers: write_timeout runs while the request is written (refreshed per chunk sent), read_timeout
 * from "request sent" to the response head and between two body chunks, as nginx's
 * proxy_send_timeout / proxy_read_timeout do. They are plain setTimeout timers (ms accuracy).
 */
import type { IncomingHttpHeaders, ServerResponse } from "node:http";
import type { Dispatcher, Pool } from "undici";
import type { KongService } from "../kong/types.ts";

export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/** One try as the log serializer reports it (kong.md §8 `tries`). */
export interface UpstreamTry {
  readonly startedAtMs: number;
  readonly ip: string;
  readonly port: number;
  readonly state?: "failed" | "next";
  readonly code?: number;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Streams the body into `res` (with backpressure) and ends it; destroys `res` on a body error. */
  pipeTo(res: ServerResponse): void;
}

export type UpstreamOutcome =
  | { readonly kind: "response"; readonly response: UpstreamResponse; readonly tries: UpstreamTry[] }
  | { readonly kind: "timeout" | "invalid" | "dns"; readonly tries: UpstreamTry[] };

type FailureKind = "timeout" | "invalid" | "dns";

class TryFailure extends Error {
  readonly kind: FailureKind;
  /** True once the request started to be written: nginx then retries idempotent methods only. */
  readonly sent: boolean;
  constructor(kind: FailureKind, sent: boolean, cause: unknown) {
    super(kind, { cause });
    this.kind = kind;
    this.sent = sent;
  }
}

class UpstreamTimeout extends Error {}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

function classify(e: unknown): FailureKind {
  if (e instanceof UpstreamTimeout) return "timeout";
  const err = e as { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? "";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "EAI_NONAME") return "dns";
  if (code === "UND_ERR_CONNECT_TIMEOUT" || code === "ETIMEDOUT") return "timeout";
  return "invalid";
}

/** A response whose body chunks are held until `pipeTo` names where they go. */
class StreamedResponse implements UpstreamResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  private readonly controller: Dispatcher.DispatchController;
  private pending: Buffer[] | undefined = [];
  private ended = false;
  private failed: Error | undefined;
  private sink: ServerResponse | undefined;

  constructor(status: number, headers: IncomingHttpHeaders, controller: Dispatcher.DispatchController) {
    this.status = status;
    this.headers = headers;
    this.controller = controller;
  }

  data(chunk: Buffer): void {
    const sink = this.sink;
    if (!sink) {
      this.pending!.push(chunk);
      return;
    }
    // Chunks of one tick (and the end, for small bodies) leave in one writev with the head.
    if (sink.writableCorked === 0) {
      sink.cork();
      process.nextTick(() => sink.uncork());
    }
    if (!sink.write(chunk)) {
      this.controller.pause();
      sink.once("drain", () => this.controller.resume());
    }
  }

  end(): void {
    this.ended = true;
    this.sink?.end();
  }

  error(e: Error): void {
    this.failed = e;
    this.sink?.destroy(e);
  }

  pipeTo(res: ServerResponse): void {
    this.sink = res;
    res.once("close", () => {
      if (!res.writableFinished) this.controller.abort(new Error("client closed the connection"));
    });
    const pending = this.pending!;
    this.pending = undefined;
    if (this.failed) {
      res.destroy(this.failed);
      return;
    }
    if (this.ended) {
      // The whole (small) body is already here: head and body leave in one write.
      res.end(pending.length === 0 ? undefined : pending.length === 1 ? pending[0] : Buffer.concat(pending));
      return;
    }
    if (pending.length > 0) {
      res.cork();
      process.nextTick(() => res.uncork());
    }
    for (const chunk of pending) res.write(chunk);
  }
}

function dispatchOnce(pool: Pool, service: KongService, req: UpstreamRequest): Promise<StreamedResponse> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let sent = false;
    let response: StreamedResponse | undefined;
    let controller: Dispatcher.DispatchController | undefined;
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => controller?.abort(new UpstreamTimeout(`upstream timeout after ${ms} ms`)), ms);
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        sent = true;
        arm(service.write_timeout);
      },
      onBodySent() {
        timer?.refresh();
      },
      onRequestSent() {
        // Kong's defaults give both the same value: restarting the timer is then enough.
        if (service.read_timeout === service.write_timeout && timer !== undefined) timer.refresh();
        else arm(service.read_timeout);
      },
      onResponseStart(c, statusCode, headers) {
        timer?.refresh();
        response = new StreamedResponse(statusCode, headers, c);
        resolve(response);
      },
      onResponseData(_c, chunk) {
        timer?.refresh();
        response!.data(chunk);
      },
      onResponseEnd() {
        clearTimeout(timer);
        response!.end();
      },
      onResponseError(_c, error) {
        clearTimeout(timer);
        if (response) response.error(error);
        else reject(new TryFailure(classify(error), sent, error));
      },
    };
    pool.dispatch(
      {
        method: req.method,
        path: req.path,
        headers: req.headers,
        body: req.body.length > 0 ? req.body : null,
        // Our timers above replace undici's (coarse above 1 s).
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      handler,
    );
  });
}

export async function sendUpstream(
  pool: Pool,
  service: KongService,
  req: UpstreamRequest,
  nowMs: () => number,
): Promise<UpstreamOutcome> {
  const maxTries = 1 + service.retries;
  const tries: UpstreamTry[] = [];
  let kind: FailureKind = "invalid";
  for (let n = 1; n <= maxTries; n++) {
    const startedAtMs = nowMs();
    try {
      const response = await dispatchOnce(pool, service, req);
      tries.push({ startedAtMs, ip: service.host, port: service.port });
      return { kind: "response", response, tries };
    } catch (e) {
      const failure = e instanceof TryFailure ? e : new TryFailure("invalid", true, e);
      kind = failure.kind;
      const last = n === maxTries;
      const code = kind === "timeout" ? 504 : 502;
      tries.push({
        startedAtMs,
        ip: service.host,
        port: service.port,
        state: last ? "failed" : "next",
        code,
      });
      // Kong answers a DNS failure itself (balancer), before any try.
      if (kind === "dns") return { kind, tries: [] };
      // nginx does not pass a non-idempotent request to the next try once it was sent.
      if (failure.sent && !IDEMPOTENT.has(req.method)) break;
    }
  }
  return { kind, tries };
}
