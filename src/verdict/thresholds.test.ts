import { describe, expect, it } from "vitest";
import type { BenchSeries } from "../bench/types.ts";
import { benchStatusChecks, thresholdChecks } from "./thresholds.ts";

const series = (over: Partial<BenchSeries>): BenchSeries => ({
  route: "/a",
  series: "valid",
  requests: 100,
  durationSec: 1,
  rps: 100,
  connections: 1,
  latencyUs: { p50: 800, p90: 1500, p99: 20_000, p999: 30_000, max: 40_000 },
  histogram: "",
  statusCounts: { "200": 100 },
  errors: 0,
  timeouts: 0,
  ...over,
});

describe("thresholds", () => {
  it("judges latency stats in microseconds against a max given in ms", () => {
    const [ok, breached] = thresholdChecks(
      [
        { series: "valid", stat: "p99", max: 25 },
        { series: "valid", stat: "p99", max: 10 },
      ],
      [series({})],
    );
    expect(ok?.status).toBe("pass");
    expect(breached).toMatchObject({ id: "threshold.valid.p99", status: "fail" });
    expect(breached?.summary).toBe("valid p99 20.0 ms > 10.0 ms");
  });

  it("judges throughput with min, and skips a series that was not measured", () => {
    const checks = thresholdChecks(
      [
        { series: "valid", stat: "rps", min: 150 },
        { series: "forged", stat: "p50", max: 5 },
      ],
      [series({})],
    );
    expect(checks.map((c) => c.status)).toEqual(["fail", "skip"]);
  });

  it("fails a valid series that got non-2xx under load (e.g. rate limited)", () => {
    const [check] = benchStatusChecks([series({ statusCounts: { "200": 90, "429": 10 } })]);
    expect(check?.status).toBe("fail");
    expect(check?.summary).toBe("90 of 100 valid responses were 2xx");
  });
});
