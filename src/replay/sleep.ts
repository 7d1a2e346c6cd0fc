import { setTimeout as delay } from "node:timers/promises";

/** Sleeps, resolving early (never rejecting) when the signal aborts: callers check `signal.aborted`. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return;
  await delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}
