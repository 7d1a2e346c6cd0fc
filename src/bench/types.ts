export type SeriesName = "baseline" | "valid" | "forged";

export interface LatencySummaryUs {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One load series against one route: what result.json's `bench[]` holds. */
export interface BenchSeries {
  readonly route: string;
  readonly series: SeriesName;
  readonly requests: number;
  readonly durationSec: number;
  readonly rps: number;
  readonly connections: number;
  readonly latencyUs: LatencySummaryUs;
  /** HDR histogram of latencies in microseconds, compressed base64 (HdrHistogram's standard encoding). */
  readonly histogram: string;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Socket-level failures (refused, reset) that produced no response; timeouts are not included. */
  readonly errors: number;
  /** Requests that got no response within the timeout (disjoint from `errors`). */
  readonly timeouts: number;
  /**
   * p99 event-loop delay of the load generator during the measured run. When this is a sizeable part
   * of `latencyUs.p99`, the generator, not the gateway, limited the numbers (peers.md §3.1 item 8).
   */
  readonly generatorLoopDelayP99Us?: number;
  /** Open model only: the requested overall rate (req/s); `rps` is what was achieved. */
  readonly targetRps?: number;
  /**
   * Open model only: latency from each request's *intended* send time on an even schedule
   * (wrk2's definition, peers.md §3.2), so time spent queued behind a slow gateway counts.
   */
  readonly latencyUsCorrected?: LatencySummaryUs;
  /** Open model only: encoded HDR histogram behind `latencyUsCorrected`. */
  readonly histogramCorrected?: string;
}
