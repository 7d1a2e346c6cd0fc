import { faultId } from "../faults/definitions.ts";
import { createFaultTimeline } from "../faults/timeline.ts";
import type { FaultRecord } from "../faults/types.ts";
import { adminClient } from "../kong/admin-client.ts";
import type { KongDocument } from "../kong/entities.ts";
import { probePathFor } from "../kong/patch.ts";
import { replaySchedule } from "../replay/replay.ts";
import { scheduleRecorded } from "../replay/schedule.ts";
import { sleep } from "../replay/sleep.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import type { CaptureEntry } from "../traffic/capture-reader.ts";
import type { RunContext } from "./context.ts";
import { sendProbe } from "./probe.ts";

/**
 * The captured traffic and the fault timeline run side by side on one clock, so every replayed exchange
 * knows which faults were in force when it was sent.
 */
export async function runReplayStage(
  ctx: RunContext,
  scenario: Scenario,
  shadowConfig: KongDocument,
  entries: readonly CaptureEntry[],
): Promise<{ observations: Observation[]; faults: FaultRecord[] }> {
  const observations: Observation[] = [];
  const adminUrl = ctx.target.adminUrl;
  const timeline = createFaultTimeline(scenario.faults, {
    baseConfig: shadowConfig,
    pushConfig: (doc) => {
      if (!adminUrl) throw new Error("this target has no Admin API; faults that change config need one");
      return adminClient(adminUrl).postConfig(doc);
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
  const schedule = scheduleRecorded(entries, scenario.traffic.speed);
  ctx.logger.info(`${scenario.name}: replaying ${schedule.length} requests`);
  const [replayed] = await Promise.all([
    replaySchedule(schedule, { ...ctx, proxyUrl: ctx.target.proxyUrl, faults: () => timeline.snapshot() }),
    timeline.run(ctx.signal),
  ]);
  return { observations: [...replayed, ...observations], faults: timeline.records() };
}
