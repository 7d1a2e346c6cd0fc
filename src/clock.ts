/** Time is a side effect: everything that reads it takes a Clock, so tests and clock-skew faults can move it. */
export interface Clock {
  /** Wall-clock milliseconds since the epoch (what Kong's ngx.time()/ngx.now() read). */
  nowMs(): number;
  /** Monotonic high-resolution time in nanoseconds, for latency measurement only. */
  monoNs(): bigint;
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  monoNs: () => process.hrtime.bigint(),
};

/** A clock offset from another, used to model a skewed gateway or issuer clock. */
export function skewedClock(base: Clock, offsetMs: number): Clock {
  return { nowMs: () => base.nowMs() + offsetMs, monoNs: () => base.monoNs() };
}
