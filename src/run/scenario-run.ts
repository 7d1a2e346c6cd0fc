import { randomUUID } from "node:crypto";
import { Agent } from "undici";
import type { BenchSeries } from "../bench/types.ts";
import { systemClock, type Clock } from "../clock.ts";
import { ShadowgateError, toShadowgateError } from "../errors.ts";
import type { FaultRecord } from "../faults/types.ts";
import { createIssuer } from "../identity/index.ts";
import { auditKongConfig } from "../kong/audit.ts";
import { redirectUpstreams, swapTrustedKeys, upstreamOrigins } from "../kong/patch.ts";
import type { Logger } from "../log.ts";
import { createJobTokens } from "../replay/job-tokens.ts";
import type { Observation } from "../replay/types.ts";
import type { ScenarioResult } from "../report/types.ts";
import type { LoadedScenario } from "../scenario/load.ts";
import type { StartedTarget, TargetDefinition } from "../targets/types.ts";
import { readCapture, type CaptureEntry } from "../traffic/capture-reader.ts";
import { startUpstreams, type UpstreamSet } from "../upstream/upstream-set.ts";
import { accessCells, restrictedRoutes } from "../verdict/access-matrix.ts";
import { sendAccessMatrix } from "./access.ts";
import { runBench } from "./bench.ts";
import { withUpstreamHits, type RunContext } from "./context.ts";
import { forgeContextFor, selectForgedCases, sendForged } from "./forged.ts";
import { judgeScenario } from "./judge.ts";
import { runReplayStage } from "./replay-stage.ts";
import { buildResult } from "./result.ts";
import { crossCheckScenario, validateKongFile } from "./validate.ts";

export interface ScenarioRunDeps {
  readonly target: TargetDefinition;
  readonly clock?: Clock;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

/**
 * One scenario, end to end: shadow-patch the config, start mocks and the gateway, replay the capture with
 * the fault timeline running alongside, send forged tokens, bench, judge. Input errors throw (exit 2);
 * anything after the target starts is caught and reported as an incomplete result with its exit code.
 */
export async function runScenario(loaded: LoadedScenario, deps: ScenarioRunDeps): Promise<ScenarioResult> {
  const clock = deps.clock ?? systemClock;
  const { scenario } = loaded;
  const startedAtMs = clock.nowMs();
  const original = validateKongFile(loaded.kongPath);
  crossCheckScenario(loaded, original);
  const audit = auditKongConfig(original, {
    restrictedRoutes: restrictedRoutes(scenario.access),
    source: loaded.kongPath,
  });
  const forgedCases = selectForgedCases(scenario.forged);
  const entries = await collect(readCapture(loaded.capturePath));
  const sampleJob = entries.find((e) => e.record.job)?.record.job;
  const issuer = createIssuer({ issuer: scenario.identity.issuer, clock });
  const swap = swapTrustedKeys(original, issuer.publicKeyPem, scenario.identity.swapCredentials);

  const observations: Observation[] = [];
  let faults: FaultRecord[] = [];
  let bench: BenchSeries[] = [];
  let upstreams: UpstreamSet | undefined;
  let target: StartedTarget | undefined;
  let failure: ShadowgateError | undefined;
  const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
  const tokens = createJobTokens(
    issuer,
    { audience: scenario.identity.audience, lifetimeSec: scenario.identity.lifetime / 1000 },
    clock,
  );
  try {
    upstreams = await startUpstreams(upstreamOrigins(swap.doc), () => clock.nowMs());
    const shadowConfig = redirectUpstreams(swap.doc, upstreams.urls);
    target = await deps.target.start(shadowConfig);
    deps.logger.info(`${scenario.name}: ${target.kind} gateway at ${target.proxyUrl}`);
    if (!sampleJob) throw new Error("the capture has no record with a Buildkite job");
    const replayStart = clock.monoNs();
    const ctx: RunContext = {
      target,
      upstreams,
      issuer,
      tokens,
      dispatcher,
      clock,
      logger: deps.logger,
      signal: deps.signal,
      elapsedMs: () => Number(clock.monoNs() - replayStart) / 1e6,
      newExchangeId: randomUUID,
      sampleJob,
      audience: scenario.identity.audience,
    };
    const replay = await runReplayStage(ctx, scenario, shadowConfig, entries);
    observations.push(...replay.observations);
    faults = replay.faults;
    if (scenario.access) observations.push(...(await sendAccessMatrix(ctx, scenario.access)));
    if (scenario.forged) {
      const untrusted = createIssuer({ issuer: scenario.identity.issuer, clock });
      const forge = forgeContextFor(ctx, untrusted);
      observations.push(...(await sendForged(ctx, forgedCases, scenario.forged.request, forge)));
      if (scenario.bench) {
        const forgedLoad = forgedCases.find((c) => c.id === "untrusted-key")?.build(forge);
        bench = await runBench(ctx, scenario.bench, forgedLoad, scenario.identity.lifetime / 1000);
      }
    } else if (scenario.bench) {
      bench = await runBench(ctx, scenario.bench, undefined, scenario.identity.lifetime / 1000);
    }
  } catch (error) {
    failure = toShadowgateError(error);
    deps.logger.warn(`${scenario.name}: ${failure.code}: ${failure.message}`);
  } finally {
    await target?.stop().catch(() => undefined);
    await upstreams?.stop();
    await dispatcher.close();
  }

  if (!failure && deps.signal.aborted)
    failure = new ShadowgateError("SG_RUN_INTERRUPTED", `${scenario.name}: stopped before the run finished`);
  const judged = upstreams ? withUpstreamHits(observations, upstreams) : observations;
  const access = scenario.access ? accessCells(scenario.access, judged) : undefined;
  const checks = judgeScenario({ scenario, observations: judged, faults, bench, forgedCases, access });
  return buildResult({
    scenario: {
      name: scenario.name,
      file: loaded.file,
      kongConfig: loaded.kongPath,
      capture: loaded.capturePath,
    },
    target,
    startedAtMs,
    finishedAtMs: clock.nowMs(),
    checks,
    observations: judged,
    forgedDescriptions: new Map(forgedCases.map((c) => [c.id, c.description])),
    faults,
    bench,
    identity: { issuer: issuer.issuer, kid: issuer.kid, swappedCredentials: swap.swapped },
    tokensMinted: tokens.mintedCount(),
    ...(access ? { access } : {}),
    audit,
    complete: !deps.signal.aborted,
    ...(failure ? { error: failure } : {}),
  });
}

async function collect(source: AsyncIterable<CaptureEntry>): Promise<CaptureEntry[]> {
  const items: CaptureEntry[] = [];
  for await (const item of source) items.push(item);
  return items;
}
