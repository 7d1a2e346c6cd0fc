/**
 * runLoad: one bench series (route × baseline|valid|forged) driven by autocannon 9, with latency
 * recorded by us in microsecond HDR histograms (DESIGN.md "Honest measurement"): warm-up excluded,
 * generator saturation reported, and with a `rate` the corrected and uncorrected latencies both shown.
 */
import { systemClock } from "../clock.ts";
import { ShadowgateError } from "../errors.ts";
import { fireCannon } from "./cannon.ts";
import type { CannonResponseListener, CannonRun } from "./cannon.ts";
import { createLatencyHistogram, encodeHistogram, recordUs, summarize } from "./histogram.ts";
import { effectiveConnections, toCannonOptions } from "./load-options.ts";
import type { LoadOptions } from "./load-options.ts";
import { startLoopDelayProbe } from "./loop-delay.ts";
import { correctedLatencyUs, readConnectionProgress } from "./schedule.ts";
import type { BenchSeries } from "./types.ts";

export type { LoadOptions } from "./load-options.ts";

function interrupted(options: LoadOptions, when: string, partial?: BenchSeries): ShadowgateError {
  return new ShadowgateError(
    "SG_RUN_INTERRUPTED",
    `load on ${options.route} (${options.series}) aborted ${when}`,
    {
      cause: options.signal?.reason,
      ...(partial === undefined ? {} : { details: { partial } }),
    },
  );
}

/**
 * Runs the warm-up (if any), then the measured load, and returns the series.
 *
 * Throws SG_RUN_INTERRUPTED when `signal` aborts (the series measured so far is in `details.partial`),
 * and SG_TARGET_UNREACHABLE when not a single response arrived: an empty histogram would read as 0 µs.
 *
 * @example
 * const series = await runLoad({ url: proxyUrl, path: "/v2/builds", route: "builds", series: "valid",
 *   headers: { authorization: `Bearer ${token}` }, durationSec: 10, warmupSec: 2, connections: 8 });
 */
export async function runLoad(options: LoadOptions): Promise<BenchSeries> {
  const cannonOptions = toCannonOptions(options);
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  if (signal?.aborted) throw interrupted(options, "before it started");

  if (options.warmupSec !== undefined && options.warmupSec > 0) {
    const warmup = await fireCannon({ ...cannonOptions, duration: options.warmupSec }, undefined, signal);
    if (warmup.aborted) throw interrupted(options, "during warm-up");
  }

  const latency = createLatencyHistogram();
  const corrected = options.rate === undefined ? undefined : createLatencyHistogram();
  const statusCounts: Record<string, number> = {};
  let responses = 0;
  let scheduleUnreadable = false;

  const probe = startLoopDelayProbe();
  const startNs = clock.monoNs();
  const onResponse: CannonResponseListener = (client, statusCode, responseTimeMs) => {
    responses += 1;
    const status = String(statusCode);
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    const measuredUs = responseTimeMs * 1000;
    recordUs(latency, measuredUs);
    if (corrected === undefined) return;
    const progress = readConnectionProgress(client);
    if (progress === undefined) {
      // Throwing here would surface inside autocannon's socket handler; fail after the run instead.
      scheduleUnreadable = true;
      return;
    }
    const nowUs = Number(clock.monoNs() - startNs) / 1000;
    recordUs(corrected, correctedLatencyUs({ startUs: 0, nowUs, measuredUs, progress }));
  };

  let run: CannonRun;
  let loopDelayP99Us: number;
  try {
    run = await fireCannon({ ...cannonOptions, duration: options.durationSec }, onResponse, signal);
  } finally {
    loopDelayP99Us = probe.stop();
  }
  const elapsedSec = Number(clock.monoNs() - startNs) / 1e9;

  if (scheduleUnreadable) {
    throw new ShadowgateError(
      "SG_INTERNAL",
      "autocannon no longer exposes per-connection reqsMade/rate; coordinated-omission correction is unavailable",
    );
  }
  // autocannon counts a timeout as an error too; report them disjoint.
  const timeouts = run.result.timeouts;
  const series: BenchSeries = {
    route: options.route,
    series: options.series,
    requests: responses,
    durationSec: Math.round(elapsedSec * 1000) / 1000,
    rps: elapsedSec > 0 ? Math.round((responses / elapsedSec) * 10) / 10 : 0,
    connections: effectiveConnections(options),
    latencyUs: summarize(latency),
    histogram: encodeHistogram(latency),
    statusCounts,
    errors: Math.max(0, run.result.errors - timeouts),
    timeouts,
    generatorLoopDelayP99Us: loopDelayP99Us,
    ...(corrected === undefined || options.rate === undefined
      ? {}
      : {
          targetRps: options.rate,
          latencyUsCorrected: summarize(corrected),
          histogramCorrected: encodeHistogram(corrected),
        }),
  };

  if (run.aborted) throw interrupted(options, `after ${series.durationSec} s`, series);
  if (responses === 0) {
    throw new ShadowgateError(
      "SG_TARGET_UNREACHABLE",
      `no response from ${cannonOptions.url} in ${series.durationSec} s ` +
        `(${series.errors} connection errors, ${timeouts} timeouts)`,
      { details: { partial: series } },
    );
  }
  return series;
}
