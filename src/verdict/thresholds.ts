import type { BenchSeries } from "../bench/types.ts";
import type { ThresholdSpec } from "../scenario/schema.ts";
import type { CheckResult } from "./types.ts";

/** Thresholds judge the bench after the run (k6's "checks observe, thresholds judge"). */
export function thresholdChecks(
  thresholds: readonly ThresholdSpec[],
  bench: readonly BenchSeries[],
): CheckResult[] {
  return thresholds.map((t) => {
    const id = `threshold.${t.series}.${t.stat}`;
    const series = bench.find((b) => b.series === t.series);
    if (!series) return { id, status: "skip", summary: `no ${t.series} bench series was measured` };
    if (t.stat === "rps") {
      const min = t.min ?? 0;
      const ok = series.rps >= min;
      return {
        id,
        status: ok ? "pass" : "fail",
        summary: `${t.series} throughput ${series.rps.toFixed(0)} req/s ${ok ? ">=" : "<"} ${min} req/s`,
      };
    }
    const valueUs = series.latencyUs[t.stat];
    const maxUs = Math.round((t.max ?? 0) * 1000);
    const ok = valueUs <= maxUs;
    return {
      id,
      status: ok ? "pass" : "fail",
      summary: `${t.series} ${t.stat} ${formatUs(valueUs)} ${ok ? "<=" : ">"} ${formatUs(maxUs)}`,
    };
  });
}

/** A bench is only meaningful if its series got the statuses it was meant to (valid 2xx, forged 401/403). */
export function benchStatusChecks(bench: readonly BenchSeries[]): CheckResult[] {
  return bench.map((series) => {
    const total = Object.values(series.statusCounts).reduce((a, b) => a + b, 0);
    const expected = Object.entries(series.statusCounts)
      .filter(([status]) =>
        series.series === "forged" ? status === "401" || status === "403" : status.startsWith("2"),
      )
      .reduce((sum, [, count]) => sum + count, 0);
    const unexpected = total - expected + series.errors + series.timeouts;
    const want = series.series === "forged" ? "401/403" : "2xx";
    return {
      id: `bench.${series.series}.statuses`,
      status: unexpected === 0 && total > 0 ? "pass" : "fail",
      summary:
        total === 0
          ? `${series.series} series got no responses`
          : `${expected} of ${total} ${series.series} responses were ${want}` +
            (series.errors + series.timeouts > 0
              ? `, ${series.errors} errors, ${series.timeouts} timeouts`
              : ""),
      evidence: [`status counts ${JSON.stringify(series.statusCounts)}`],
    };
  });
}

export function formatUs(us: number): string {
  return us >= 10_000 ? `${(us / 1000).toFixed(1)} ms` : `${us} µs`;
}
