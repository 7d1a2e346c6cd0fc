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
import { skipChecksNeedingAdmin } from "../targets/read-only.ts";
import type { StartedTarget, StoppedTarget, TargetDefinition } from "../targets/types.ts";
import { firstCaptureJob } from "../traffic/capture-reader.ts";
import { startUpstreams, type UpstreamSet } from "../upstream/upstream-set.ts";
import { accessCells, restrictedRoutes } from "../verdict/access-matrix.ts";
import { tallyReplay } from "../verdict/replay-tally.ts";
import { sendAccessMatrix } from "./access.ts";
import { runBench } from "./bench.ts";
import { withUpstreamHits, type RunContext } from "./context.ts";
import { forgeContextFor, runForgedStage, selectForgedCases } from "./forged.ts";
import { startPlannedRotation, type RotationOutcome } from "./identity-rotation.ts";
import { createRunIdentity, startIdentityServers, type IdentityServers } from "./identity-stage.ts";
import { judgeScenario } from "./judge.ts";
import { runReplayStage } from "./replay-stage.ts";
import { buildResult } from "./result.ts";
import { crossCheckScenario, validateKongFile } from "./validate.ts";

/** Key of the attacker JWKS URL in the map handed to `reachHost` (never an upstream origin: no scheme). */
const ATTACKER_KEY = "identity:attacker-jwks";

export interface ScenarioRunDeps {
  readonly target: TargetDefinition;
  readonly clock?: Clock;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Every judged exchange, for differential runs (compare.ts pairs them across targets). */
  readonly onObservations?: (observations: readonly Observation[]) => void;
  /** The stopped target (its logs go into the report when the run did not pass). */
  readonly onTargetStopped?: (stopped: StoppedTarget) => void;
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
  const sampleJob = await firstCaptureJob(loaded.capturePath, scenario.traffic.onBadLine);
  // Probes, forged tokens and the bench need a real job identity: an input problem, found before starting.
  if (!sampleJob)
    throw new ShadowgateError(
      "SG_CAPTURE_INVALID",
      "no record has a Buildkite `job`; tokens cannot be minted",
      {
        location: { file: loaded.capturePath },
      },
    );
  const identity = createRunIdentity(scenario, clock);
  const { issuer } = identity;
  const swap = swapTrustedKeys(original, issuer.publicKeyPem, scenario.identity.swapCredentials);

  const observations: Observation[] = [];
  let replaySummary = tallyReplay([]);
  let replayTokens = 0;
  let faults: FaultRecord[] = [];
  let bench: BenchSeries[] = [];
  let upstreams: UpstreamSet | undefined;
  let target: StartedTarget | undefined;
  let failure: ShadowgateError | undefined;
  let servers: IdentityServers | undefined;
  let rotation: RotationOutcome | undefined;
  let attackerFetches: ReadonlyMap<string, readonly string[]> | undefined;
  const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
  const tokens = createJobTokens(
    issuer,
    { audience: scenario.identity.audience, lifetimeSec: scenario.identity.lifetime / 1000 },
    clock,
  );
  try {
    servers = await startIdentityServers(identity, {
      iss: scenario.identity.issuer,
      forgedCases,
      port: scenario.identity.jwksPort,
      clock,
    });
    deps.logger.info(`${scenario.name}: JWKS at ${servers.jwks.jwksUrl}`);
    upstreams = await startUpstreams(upstreamOrigins(swap.doc), () => clock.nowMs());
    // The target says how it reaches this machine (a container uses host.testcontainers.internal): the
    // mocks, and the attacker's JWKS that forged jku/x5u tokens point at (its fetches are the evidence).
    const reachable = await deps.target.reachHost(
      new Map([
        ...upstreams.urls,
        ...(servers.attacker ? [[ATTACKER_KEY, servers.attacker.jwksUrl] as const] : []),
      ]),
    );
    const shadowConfig = redirectUpstreams(swap.doc, reachable);
    target = await deps.target.start(shadowConfig);
    deps.logger.info(`${scenario.name}: ${target.kind} gateway at ${target.proxyUrl}`);
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
    const rotating = startPlannedRotation(ctx, identity, scenario, shadowConfig, swap.swapped);
    const replay = await runReplayStage(ctx, scenario, shadowConfig, loaded.capturePath);
    observations.push(...replay.observations);
    replaySummary = replay.summary;
    replayTokens = replay.tokensMinted;
    faults = replay.faults;
    rotation = await rotating;
    observations.push(...(rotation?.observations ?? []));
    if (scenario.access) observations.push(...(await sendAccessMatrix(ctx, scenario.access)));
    if (scenario.forged) {
      const untrusted = identity.untrusted ?? createIssuer({ issuer: scenario.identity.issuer, clock });
      const forge = forgeContextFor(ctx, untrusted, reachable.get(ATTACKER_KEY));
      const forged = await runForgedStage(ctx, forgedCases, scenario.forged.request, forge, servers.attacker);
      observations.push(...forged.observations);
      attackerFetches = forged.attackerFetches;
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
    const stopped = await target?.stop().catch(() => undefined);
    if (stopped) deps.onTargetStopped?.(stopped);
    await upstreams?.stop();
    await servers?.close();
    await dispatcher.close();
  }

  if (!failure && deps.signal.aborted)
    failure = new ShadowgateError("SG_RUN_INTERRUPTED", `${scenario.name}: stopped before the run finished`);
  const judged = upstreams ? withUpstreamHits(observations, upstreams) : observations;
  const access = scenario.access ? accessCells(scenario.access, judged) : undefined;
  deps.onObservations?.(judged);
  const judgedChecks = judgeScenario({
    scenario,
    observations: judged,
    replay: replaySummary,
    faults,
    bench,
    forgedCases,
    access,
    ...(attackerFetches ? { attackerFetches } : {}),
    ...(rotation ? { rotation: rotation.record } : {}),
  });
  const checks = target && !target.configWriter ? skipChecksNeedingAdmin(judgedChecks) : judgedChecks;
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
    identity: {
      issuer: issuer.issuer,
      kid: identity.initial.kid,
      swappedCredentials: swap.swapped,
      ...servers?.urls(),
      ...(rotation ? { rotation: rotation.record } : {}),
    },
    tokensMinted: tokens.mintedCount() + replayTokens,
    replay: replaySummary,
    ...(access ? { access } : {}),
    audit,
    complete: !deps.signal.aborted,
    ...(failure ? { error: failure } : {}),
  });
}
