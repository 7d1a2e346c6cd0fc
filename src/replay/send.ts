import { request, type Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import { redactSecrets } from "../redact.ts";
import { EXCHANGE_HEADER } from "../upstream/mock-upstream.ts";

export interface OutgoingRequest {
  readonly exchangeId: string;
  readonly method: string;
  /** Path with query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export interface ExchangeOutcome {
  readonly status: number;
  readonly latencyUs: number;
  readonly bodyExcerpt: string;
  readonly responseHeaders: Record<string, string>;
  readonly error?: string;
}

/** Response headers that explain an outcome; everything else is noise in a report. */
const EXPLAINING_HEADERS = [
  "www-authenticate",
  "x-kong-request-id",
  "x-kong-response-latency",
  "x-kong-proxy-latency",
  "x-kong-upstream-latency",
  "content-type",
  "server",
  "via",
  "retry-after",
];

const EXCERPT_CHARS = 300;

/** Sends one exchange through the gateway. Never throws for a network failure: status 0 and `error`. */
export async function sendExchange(
  baseUrl: string,
  outgoing: OutgoingRequest,
  dispatcher: Dispatcher,
  clock: Clock,
  timeoutMs = 30_000,
): Promise<ExchangeOutcome> {
  const started = clock.monoNs();
  try {
    const res = await request(new URL(outgoing.path, baseUrl), {
      dispatcher,
      method: outgoing.method,
      headers: { ...outgoing.headers, [EXCHANGE_HEADER]: outgoing.exchangeId },
      ...(outgoing.body ? { body: outgoing.body } : {}),
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = await res.body.text();
    const latencyUs = Number((clock.monoNs() - started) / 1000n);
    const responseHeaders: Record<string, string> = {};
    for (const name of EXPLAINING_HEADERS) {
      const value = res.headers[name];
      if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    const bodyExcerpt = redactSecrets(body.slice(0, EXCERPT_CHARS));
    return { status: res.statusCode, latencyUs, bodyExcerpt, responseHeaders };
  } catch (cause) {
    const latencyUs = Number((clock.monoNs() - started) / 1000n);
    const error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    return { status: 0, latencyUs, bodyExcerpt: "", responseHeaders: {}, error };
  }
}
