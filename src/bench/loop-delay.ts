/**
 * The load generator's own saturation: how late its event loop ran during a measurement. autocannon
 * is single-threaded (peers.md §3.1 item 8); when its loop lags, every latency it reports includes
 * that lag, and the numbers describe the generator rather than the gateway.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";

const RESOLUTION_MS = 5;

export interface LoopDelayProbe {
  /** Stops sampling and returns the p99 event-loop delay in whole microseconds (0 if no sample). */
  stop(): number;
}

export function startLoopDelayProbe(): LoopDelayProbe {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      if (histogram.count === 0) return 0;
      // Node 24 records the whole timer interval (resolution included), not only the lateness:
      // an idle loop at 5 ms resolution reads ~5.1 ms. Report the lateness.
      const p99Us = histogram.percentile(99) / 1000 - RESOLUTION_MS * 1000;
      return Math.max(0, Math.round(p99Us));
    },
  };
}
