import { describe, expect, it } from "vitest";
import { correctedLatencyUs, readConnectionProgress } from "./schedule.ts";

describe("correctedLatencyUs", () => {
  it("charges a late request the time since it was due (wrk2's definition)", () => {
    // 10 req/s on this connection: request #5 (index 5, sixth sent) was due at 500 ms.
    const progress = { requestsSent: 6, rate: 10 };
    expect(correctedLatencyUs({ startUs: 0, nowUs: 1_200_000, measuredUs: 100_000, progress })).toBe(700_000);
  });

  it("charges a request sent ahead of schedule (autocannon's per-second burst) its measured latency", () => {
    const progress = { requestsSent: 6, rate: 10 };
    expect(correctedLatencyUs({ startUs: 0, nowUs: 300_000, measuredUs: 2_000, progress })).toBe(2_000);
  });

  it("offsets the schedule by the start time", () => {
    const progress = { requestsSent: 1, rate: 50 };
    expect(correctedLatencyUs({ startUs: 1_000, nowUs: 9_000, measuredUs: 500, progress })).toBe(8_000);
  });
});

describe("readConnectionProgress", () => {
  it("reads autocannon 9's reqsMade and rate", () => {
    expect(readConnectionProgress({ reqsMade: 3, rate: 25 })).toEqual({ requestsSent: 3, rate: 25 });
  });

  it("returns undefined when the counters are missing or meaningless", () => {
    expect(readConnectionProgress(undefined)).toBeUndefined();
    expect(readConnectionProgress({ reqsMade: 3 })).toBeUndefined();
    expect(readConnectionProgress({ reqsMade: 3, rate: 0 })).toBeUndefined();
    expect(readConnectionProgress({ reqsMade: 0, rate: 5 })).toBeUndefined();
  });
});
