/**
 * One autocannon 9 run as a promise that an AbortSignal can cut short. autocannon's instance is a
 * promise, callback and EventEmitter at once (peers.md §9); this wrapper exposes only the callback
 * form, so a refused option is one rejected promise instead of an unhandled 'error' event.
 */
import autocannon from "autocannon";
import { ShadowgateError } from "../errors.ts";

export type CannonOptions = autocannon.Options;
export type CannonResult = autocannon.Result;

/** Called for every complete response; `responseTimeMs` is autocannon's hrtime-based duration. */
export type CannonResponseListener = (client: unknown, statusCode: number, responseTimeMs: number) => void;

export interface CannonRun {
  readonly result: CannonResult;
  /** True when the signal stopped the run before its duration elapsed. */
  readonly aborted: boolean;
}

export function fireCannon(
  options: CannonOptions,
  onResponse: CannonResponseListener | undefined,
  signal: AbortSignal | undefined,
): Promise<CannonRun> {
  return new Promise((resolve, reject) => {
    let aborted = false;
    // `stop()` takes effect at autocannon's next sample tick (lib/run.js tickInterval), so callers
    // keep `sampleInt` short to make an abort prompt.
    const onAbort = (): void => {
      aborted = true;
      instance.stop();
    };
    // A refused option calls back synchronously, before `instance` is assigned; the callback must
    // therefore not touch it (the abort listener is only added afterwards).
    const instance = autocannon(options, (error: unknown, result: CannonResult) => {
      signal?.removeEventListener("abort", onAbort);
      if (error !== null && error !== undefined) {
        const message = error instanceof Error ? error.message : "unknown error";
        reject(
          new ShadowgateError("SG_INTERNAL", `autocannon refused the load options: ${message}`, {
            cause: error,
          }),
        );
        return;
      }
      resolve({ result, aborted });
    });
    if (onResponse !== undefined) {
      instance.on("response", (client, statusCode, _resBytes, responseTime) => {
        onResponse(client, statusCode, responseTime);
      });
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
