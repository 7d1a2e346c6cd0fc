/**
 * Coordinated-omission correction for the open model (`rate`): latency measured from when a request
 * *should* have been sent, not from when a stalled connection finally sent it (wrk2, peers.md §3.2).
 *
 * autocannon's `overallRate` splits the rate over connections and limits each connection with a
 * per-second bucket (lib/httpClient.js `reqsMadeThisSecond`), so requests go out in bursts at the top
 * of each second, and its own "corrected" histogram uses a 1 ms expected interval whatever the rate
 * (peers.md §3.1). We do not use that. Instead each connection gets an even schedule: its k-th request
 * is due at start + k / connectionRate. A request sent early by the burst is charged its measured
 * latency; one sent late (the connection was still waiting on a slow gateway) is charged the time
 * from its due time to its response, which is what a client on a fixed schedule would experience.
 */

export interface ConnectionProgress {
  /** Requests this connection has written so far, the one just answered included. */
  readonly requestsSent: number;
  /** This connection's share of the overall rate, in requests per second. */
  readonly rate: number;
}

/**
 * Reads autocannon 9's per-connection counters from the `client` passed to its `response` event
 * (lib/httpClient.js: `reqsMade` is incremented when a request is written, `rate` is the connection's
 * share of `overallRate`). Returns undefined if a future autocannon stops exposing them.
 */
export function readConnectionProgress(client: unknown): ConnectionProgress | undefined {
  if (typeof client !== "object" || client === null) return undefined;
  const { reqsMade, rate } = client as { reqsMade?: unknown; rate?: unknown };
  if (typeof reqsMade !== "number" || typeof rate !== "number" || rate <= 0 || reqsMade < 1) return undefined;
  return { requestsSent: reqsMade, rate };
}

export interface CorrectionInput {
  /** When the connections were created (their schedules start), in µs on the same clock as `nowUs`. */
  readonly startUs: number;
  /** When the response completed. */
  readonly nowUs: number;
  /** Service latency autocannon measured from the actual write. */
  readonly measuredUs: number;
  readonly progress: ConnectionProgress;
}

/** Latency from the intended send time, never less than the measured service latency. */
export function correctedLatencyUs(input: CorrectionInput): number {
  // With pipelining 1 a response answers the latest request written, index requestsSent - 1;
  // timed-out requests keep their slot, so later requests stay on schedule.
  const index = input.progress.requestsSent - 1;
  const intendedUs = input.startUs + (index * 1_000_000) / input.progress.rate;
  return Math.max(input.measuredUs, input.nowUs - intendedUs);
}
