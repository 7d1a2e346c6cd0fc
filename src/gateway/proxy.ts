/**
 * Sending the request upstream through the service's undici Pool: per-try connect/read timeouts,
 * `retries` under nginx's default `proxy_next_upstream error timeout` (kong.md §6.2), and the
 * classification of failures into Kong's 502 / 504 / 503 answers (§6.1).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { Dispatcher, Pool } from "undici";
import type { KongService } from "../kong/types.ts";

export type UpstreamOutcome =
  | { readonly kind: "response"; readonly data: Dispatcher.ResponseData; readonly tries: number }
  | { readonly kind: "timeout"; readonly tries: number }
  | { readonly kind: "invalid"; readonly tries: number }
  | { readonly kind: "dns"; readonly tries: number };

export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);
const CONNECT_PHASE = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ECONNABORTED",
]);

function errorCode(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string } };
  return err.code ?? err.cause?.code ?? "";
}

export async function sendUpstream(
  pool: Pool,
  service: KongService,
  req: UpstreamRequest,
): Promise<UpstreamOutcome> {
  const maxTries = 1 + service.retries;
  let last: UpstreamOutcome = { kind: "invalid", tries: 0 };
  for (let tries = 1; tries <= maxTries; tries++) {
    try {
      const data = await pool.request({
        method: req.method,
        path: req.path,
        headers: req.headers as IncomingHttpHeaders,
        body: req.body.length > 0 ? req.body : null,
        headersTimeout: service.read_timeout,
        bodyTimeout: service.read_timeout,
      });
      return { kind: "response", data, tries };
    } catch (e) {
      const code = errorCode(e);
      if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "dns", tries };
      const timedOut = code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT";
      last = { kind: timedOut ? "timeout" : "invalid", tries };
      // nginx does not pass a non-idempotent request to the next try once it was sent.
      if (!CONNECT_PHASE.has(code) && !IDEMPOTENT.has(req.method)) return last;
    }
  }
  return last;
}
