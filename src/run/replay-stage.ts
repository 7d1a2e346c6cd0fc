import { faultId } from "../faults/definitions.ts";
import { createFaultTimeline } from "../faults/timeline.ts";
import type { FaultRecord } from "../faults/types.ts";
import type { KongDocument } from "../kong/entities.ts";
import { probePathFor } from "../kong/patch.ts";
import { createJobTokens } from "../replay/job-tokens.ts";
import { replayCapture } from "../replay/replay.ts";
import { pacingOf, scheduleCapture } from "../replay/schedule.ts";
import { sleep } from "../replay/sleep.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import { createReadStats, readCaptureBatches } from "../traffic/capture-reader.ts";
import { createReplayTally, type ReplaySummary } from "../verdict/replay-tally.ts";
import type { RunContext } from "./context.ts";
import { sendProbe } from "./probe.ts";

/** Replayed observations kept as data (for differential runs and evidence); the rest are only counted. */
export const KEPT_REPLAY_OBSERVATIONS = 5000;

export interface ReplayStageResult {
  /** Fault probes, and the first KEPT_REPLAY_OBSERVATIONS replayed exchanges. */
  readonly observations: Observation[];
  readonly faults: FaultRecord[];
  readonly summary: ReplaySummary;
  readonly tokensMinted: number;
  /** Capture lines skipped under `onBadLine: skip`. */
  readonly skippedLines: number;
}

/**
 * The captured traffic and the fault timeline run side by side on one clock, so every replayed exchange
 * knows which faults were in force when it was sent. The capture is streamed from disk and each exchange
 * is tallied as it completes, so memory stays bounded whatever the capture's size.
 */
export async function runReplayStage(
  ctx: RunContext,
  scenario: Scenario,
  shadowConfig: KongDocument,
  capturePath: string,
): Promise<ReplayStageResult> {
  const observations: Observation[] = [];
  const writer = ctx.target.configWriter;
  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const timeline = createFaultTimeline(scenario.faults, {
    baseConfig: shadowConfig,
    pushConfig: (doc) => {
      if (!writer) throw new Error("this target has no Admin API; faults that change config need one");
      return writer.push(doc);
    },
    elapsedMs: () => ctx.elapsedMs(),
    sleep,
    probe: async (id, when) => {
      const spec = scenario.faults.find((f) => faultId(f) === id);
      const path = spec?.probe ?? probePathFor(shadowConfig, spec?.route ?? "") ?? "/";
      observations.push(await sendProbe(ctx, id, when, path, timeline.snapshot()));
    },
    logger: ctx.logger,
  });
  // The replayed jobs' own client policy; probes keep ctx.tokens (always fresh).
  const tokens = createJobTokens(
    ctx.issuer,
    {
      audience: ctx.audience,
      lifetimeSec: scenario.identity.lifetime / 1000,
      refresh: scenario.traffic.tokens.refresh,
    },
    ctx.clock,
  );
  const tally = createReplayTally();
  const kept: Observation[] = [];
  const stats = createReadStats();
  const pacing = pacingOf(scenario.traffic);
  const entries = readCaptureBatches(capturePath, { onBadLine: scenario.traffic.onBadLine, stats });
  ctx.logger.info(`${scenario.name}: replaying ${capturePath} (${pacing.mode} pacing)`);
  const replaying = replayCapture(
    scheduleCapture(entries, pacing),
    { pacing },
    {
      ...ctx,
      tokens,
      signal,
      proxyUrl: ctx.target.proxyUrl,
      faults: () => timeline.snapshot(),
      upstreamHit: (id) => ctx.upstreams.takeHit(id) !== undefined,
    },
    (observation) => {
      tally.add(observation);
      if (kept.length < KEPT_REPLAY_OBSERVATIONS) kept.push(observation);
    },
  ).catch((error: unknown) => {
    // A bad capture line mid-run: stop the fault timeline too (it reverts what it applied), then fail.
    stop.abort();
    throw error;
  });
  const [replayed] = await Promise.allSettled([replaying, timeline.run(signal)]);
  if (replayed.status === "rejected") throw replayed.reason;
  if (stats.skipped > 0)
    ctx.logger.warn(`${scenario.name}: skipped ${stats.skipped} bad capture lines: ${stats.problems[0]}`);
  return {
    observations: [...kept, ...observations],
    faults: timeline.records(),
    summary: tally.summary(),
    tokensMinted: tokens.mintedCount(),
    skippedLines: stats.skipped,
  };
}
