import { errors, type Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import { EXCHANGE_HEADER } from "../upstream/mock-upstream.ts";
import { ExchangeHandler, type ExchangeOutcome } from "./exchange-handler.ts";
import { resolveTarget, sendTarget, type SendTarget } from "./send-target.ts";

export type { ExchangeOutcome } from "./exchange-handler.ts";
export { sendTarget, type SendTarget } from "./send-target.ts";

export interface OutgoingRequest {
  readonly exchangeId: string;
  readonly method: string;
  /** Path with query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends one exchange through the gateway. Never throws for a network failure: status 0 and `error`. */
export function sendExchange(
  baseUrl: string,
  outgoing: OutgoingRequest,
  dispatcher: Dispatcher,
  clock: Clock,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<ExchangeOutcome> {
  // Object semantics first (a later key of the same name wins in place), then the flat list undici takes.
  const merged: Record<string, string> = { ...outgoing.headers, [EXCHANGE_HEADER]: outgoing.exchangeId };
  const headers: string[] = [];
  for (const name of Object.keys(merged)) headers.push(name, merged[name]!);
  const target = sendTarget(baseUrl);
  return new Promise<ExchangeOutcome>((resolve) => {
    const { method, path, body } = outgoing;
    dispatchExchange(target, method, path, headers, body, dispatcher, clock, timeoutMs, resolve);
  });
}

/**
 * The hot path of a replay: one request whose headers are already a flat `[name, value, ...]` list (what
 * undici builds from an object anyway), sent with `dispatcher.dispatch()` and a handler that keeps only
 * what an observation needs, instead of `request()`'s Readable body and its text(). `settle` gets the
 * outcome once; a callback rather than a promise, since the replayer's lanes call it for every request.
 */
export function dispatchExchange(
  target: SendTarget,
  method: string,
  path: string,
  headers: string[],
  body: Buffer | undefined,
  dispatcher: Dispatcher,
  clock: Clock,
  timeoutMs: number,
  settle: (outcome: ExchangeOutcome) => void,
): void {
  const handler = new ExchangeHandler(clock, settle);
  try {
    // `request()` refused CONNECT before dispatching; a replayed CONNECT line still fails the same way.
    if (method === "CONNECT") throw new errors.InvalidArgumentError("invalid method");
    const url = resolveTarget(target, path);
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: url.path,
        method,
        headers,
        body: body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      handler,
    );
  } catch (cause) {
    // A path that is not a URL, or a dispatcher that throws instead of reporting through the handler.
    handler.fail(cause);
  }
}
