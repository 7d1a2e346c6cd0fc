/** LoadOptions: what a bench series asks for, checked and turned into autocannon 9 options. */
import { METHODS } from "node:http";
import type { Clock } from "../clock.ts";
import { ShadowgateError } from "../errors.ts";
import type { CannonOptions } from "./cannon.ts";
import type { SeriesName } from "./types.ts";

export interface LoadOptions {
  /** Base URL of the gateway's proxy listener, e.g. http://127.0.0.1:8000. */
  readonly url: string;
  /** Path (and query) requested on every request, e.g. /v2/builds?state=running. */
  readonly path: string;
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Route name the series is reported under. */
  readonly route: string;
  readonly series: SeriesName;
  readonly durationSec: number;
  /** A separate run before the measured one; its samples are discarded. Default 0 (none). */
  readonly warmupSec?: number;
  readonly connections: number;
  /**
   * Open model: overall requests per second (integer >= 1), spread over the connections. Also turns
   * on the coordinated-omission-corrected histogram. Without it the model is closed: each connection
   * sends its next request as soon as the previous one is answered.
   */
  readonly rate?: number;
  /** Seconds before a request without a response counts as a timeout. Default 10 (autocannon's). */
  readonly timeoutSec?: number;
  readonly signal?: AbortSignal;
  /** Monotonic time for the measured duration and the intended-send schedule. */
  readonly clock?: Clock;
}

// autocannon applies stop() at its next sample tick; 100 ms keeps aborts and run ends prompt.
const SAMPLE_INTERVAL_MS = 100;

/** Invalid options are a caller bug: the scenario stage validates what users write. */
function invalid(detail: string): ShadowgateError {
  return new ShadowgateError("SG_INTERNAL", `invalid load options: ${detail}`);
}

function requirePositive(name: string, value: number, integer: boolean): void {
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw invalid(`${name} must be a positive ${integer ? "integer" : "number"}, got ${value}`);
  }
}

/** The autocannon options shared by the warm-up and the measured run (duration set by the caller). */
export function toCannonOptions(options: LoadOptions): Omit<CannonOptions, "duration"> {
  requirePositive("durationSec", options.durationSec, false);
  requirePositive("connections", options.connections, true);
  if (options.warmupSec !== undefined && options.warmupSec !== 0) {
    requirePositive("warmupSec", options.warmupSec, false);
  }
  if (options.rate !== undefined) requirePositive("rate", options.rate, true);
  if (options.timeoutSec !== undefined) requirePositive("timeoutSec", options.timeoutSec, false);
  const method = (options.method ?? "GET").toUpperCase();
  if (!METHODS.includes(method)) throw invalid(`unknown HTTP method ${options.method}`);
  if (!options.path.startsWith("/")) throw invalid(`path must start with "/", got ${options.path}`);
  let url: URL;
  try {
    url = new URL(options.path, options.url);
  } catch (cause) {
    throw new ShadowgateError("SG_INTERNAL", `invalid load options: bad url ${options.url}`, { cause });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw invalid(`url must be http(s): ${options.url}`);

  return {
    url: url.toString(),
    method: method as NonNullable<CannonOptions["method"]>,
    headers: { ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
    connections: options.connections,
    timeout: options.timeoutSec ?? 10,
    sampleInt: SAMPLE_INTERVAL_MS,
    // autocannon's own CO correction is replaced by ours (schedule.ts); skip its synthetic samples.
    ...(options.rate === undefined ? {} : { overallRate: options.rate, ignoreCoordinatedOmission: true }),
  };
}

/** autocannon opens no more connections than the overall rate (lib/run.js). */
export function effectiveConnections(options: LoadOptions): number {
  return options.rate === undefined ? options.connections : Math.min(options.connections, options.rate);
}
