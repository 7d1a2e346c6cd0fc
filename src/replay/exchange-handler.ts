import type { Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import { redactSecrets } from "../redact.ts";

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
/**
 * Bytes kept to cut a 300-character excerpt exactly as decoding the whole body would: a UTF-16 unit never
 * takes more than 3 bytes of UTF-8 (nor does a replacement character), so 4 bytes a character leave room
 * for a BOM and a sequence cut at the end of the kept bytes. The rest of the body is read and dropped.
 */
const EXCERPT_BYTES = EXCERPT_CHARS * 4;

type Handler = Dispatcher.DispatchHandler;
type Controller = Dispatcher.DispatchController;

/**
 * Collects what an observation needs from one response (status, a few headers, the start of the body) as
 * undici delivers it, and settles once with the outcome. Mirrors `request()` + `body.text()`: informational
 * (1xx) answers are skipped, a failure before or during the body is status 0 with `error`.
 */
export class ExchangeHandler implements Handler {
  readonly #clock: Clock;
  readonly #started: bigint;
  readonly #settle: (outcome: ExchangeOutcome) => void;
  #status = 0;
  #headers: Record<string, string> = {};
  #chunks: Buffer[] = [];
  #kept = 0;
  #done = false;

  constructor(clock: Clock, settle: (outcome: ExchangeOutcome) => void) {
    this.#clock = clock;
    this.#settle = settle;
    this.#started = clock.monoNs();
  }

  onRequestStart(): void {}

  onResponseStart(
    _controller: Controller,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return;
    this.#status = statusCode;
    for (const name of EXPLAINING_HEADERS) {
      const value = headers[name];
      if (value !== undefined) this.#headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
  }

  onResponseData(_controller: Controller, chunk: Buffer): void {
    if (this.#kept >= EXCERPT_BYTES) return;
    const part =
      chunk.length > EXCERPT_BYTES - this.#kept ? chunk.subarray(0, EXCERPT_BYTES - this.#kept) : chunk;
    this.#chunks.push(part);
    this.#kept += part.length;
  }

  onResponseEnd(): void {
    if (this.#done) return;
    this.#done = true;
    const latencyUs = this.#latencyUs();
    this.#settle({
      status: this.#status,
      latencyUs,
      bodyExcerpt: this.#chunks.length === 0 ? "" : this.#excerpt(),
      responseHeaders: this.#headers,
    });
  }

  onResponseError(_controller: Controller | null, error: Error): void {
    this.fail(error);
  }

  /** Settles with status 0: no (complete) answer arrived. */
  fail(cause: unknown): void {
    if (this.#done) return;
    this.#done = true;
    const error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    this.#settle({ status: 0, latencyUs: this.#latencyUs(), bodyExcerpt: "", responseHeaders: {}, error });
  }

  #latencyUs(): number {
    return Number((this.#clock.monoNs() - this.#started) / 1000n);
  }

  #excerpt(): string {
    const bytes = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#kept);
    if (lastExcerptBytes !== undefined && bytes.equals(lastExcerptBytes)) return lastExcerpt;
    lastExcerpt = redactSecrets(decodeExcerpt(bytes));
    lastExcerptBytes = Buffer.from(bytes); // a copy: the chunk is undici's, not ours to keep
    return lastExcerpt;
  }
}

/**
 * The last body start seen and its excerpt: a gateway answers most requests with the same few bodies
 * (Kong's `{"message":"Unauthorized"}`, an upstream's fixed reply), so one comparison of at most
 * EXCERPT_BYTES replaces decoding and redacting them again. The excerpt depends on those bytes only.
 */
let lastExcerptBytes: Buffer | undefined;
let lastExcerpt = "";

/** As undici's body.text(): a leading UTF-8 BOM is skipped, then the bytes are decoded. */
function decodeExcerpt(bytes: Buffer): string {
  const start = bytes.length > 2 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString("utf8", start).slice(0, EXCERPT_CHARS);
}
