/**
 * Signing-key rotation mid-run (scenario `identity.rotate`), modelled as it happens in production: the
 * issuer starts signing with a new key and publishes it in its JWKS; an operator then pushes a Kong config
 * whose jwt_secrets hold the new public key (POST /config, kong.md §7). Probes show what a gateway accepts
 * before the push, and after it for tokens of the new key and for still-valid tokens of the old one.
 */
import type { KongDocument } from "../kong/entities.ts";
import { swapTrustedKeys } from "../kong/patch.ts";
import { toBuildkiteJob } from "../replay/job-tokens.ts";
import { sendObserved } from "./observe.ts";
import { sleep } from "../replay/sleep.ts";
import type { Observation } from "../replay/types.ts";
import type { Scenario } from "../scenario/schema.ts";
import { ROTATION_PROBE, type RotationRecord } from "../verdict/rotation-checks.ts";
import type { RunContext } from "./context.ts";
import type { RunIdentity } from "./identity-stage.ts";

export interface RotationPlan {
  readonly atMs: number;
  readonly probe: { readonly method: string; readonly path: string };
  readonly lifetimeSec: number;
  /** The running config (shadow-patched) and the credentials the harness swapped in it. */
  readonly shadowConfig: KongDocument;
  readonly swapped: readonly string[];
  /** POST /config; undefined when the target has no Admin API. */
  readonly pushConfig: ((doc: KongDocument) => Promise<void>) | undefined;
}

export interface RotationOutcome {
  readonly record: RotationRecord;
  readonly observations: Observation[];
}

/** Never throws: a failed push or probe is part of the record, judged by rotationChecks. */
export async function runRotation(
  ctx: RunContext,
  identity: RunIdentity,
  plan: RotationPlan,
): Promise<RotationOutcome> {
  const { rotating, next } = identity;
  const base = {
    plannedAtMs: plan.atMs,
    fromKid: identity.initial.kid,
    toKid: next?.kid ?? "",
    probe: plan.probe,
  };
  const skip = (skipped: string): RotationOutcome => ({ record: { ...base, skipped }, observations: [] });
  if (!rotating || !next) return skip("the run has no second signing key");
  const pushConfig = plan.pushConfig;
  if (!pushConfig)
    return skip("rotation pushes the new key through the Admin API, which this target does not offer");
  await sleep(plan.atMs - ctx.elapsedMs(), ctx.signal);
  if (ctx.signal.aborted) return skip(`the run ended before the rotation at ${plan.atMs / 1000} s`);

  const mint = (): { token: string; expSec: number } => {
    const issuedAtSec = Math.floor(ctx.clock.nowMs() / 1000);
    const token = rotating.mint({
      job: toBuildkiteJob(ctx.sampleJob),
      lifetimeSec: plan.lifetimeSec,
      issuedAtSec,
      ...(ctx.audience === undefined ? {} : { audience: ctx.audience }),
    });
    return { token, expSec: issuedAtSec + plan.lifetimeSec };
  };
  // The most favourable old token: minted the instant before the rotation, so it has its whole lifetime left.
  const old = mint();
  rotating.rotate();
  const rotatedAtMs = Math.round(ctx.elapsedMs());
  ctx.logger.info(`identity: signing key rotated to kid ${next.kid.slice(0, 12)}… at ${rotatedAtMs} ms`);
  const fresh = mint();

  const observations = [await probe(ctx, plan, ROTATION_PROBE.newKeyBeforePush, fresh.token)];
  let pushedAtMs: number | undefined;
  let error: string | undefined;
  try {
    await pushConfig(swapTrustedKeys(plan.shadowConfig, next.publicKeyPem, plan.swapped).doc);
    pushedAtMs = Math.round(ctx.elapsedMs());
  } catch (cause) {
    error = cause instanceof Error ? cause.message : String(cause);
  }
  observations.push(await probe(ctx, plan, ROTATION_PROBE.newKeyAfterPush, fresh.token));
  observations.push(await probe(ctx, plan, ROTATION_PROBE.oldKeyAfterPush, old.token));
  const oldTokenRemainingSec = old.expSec - Math.floor(ctx.clock.nowMs() / 1000);
  return {
    record: {
      ...base,
      rotatedAtMs,
      oldTokenRemainingSec,
      ...(pushedAtMs === undefined ? {} : { pushedAtMs }),
      ...(error === undefined ? {} : { error }),
    },
    observations,
  };
}

function probe(ctx: RunContext, plan: RotationPlan, exchangeId: string, token: string): Promise<Observation> {
  return sendObserved(ctx, {
    exchangeId,
    kind: "probe",
    method: plan.probe.method,
    path: plan.probe.path,
    headers: { authorization: `Bearer ${token}` },
    token: "minted",
  });
}

/** The request rotation probes with: identity.rotate.probe, else forged.request, else bench.route. */
export function rotationProbeRequest(scenario: Scenario): { method: string; path: string } | undefined {
  return (
    scenario.identity.rotate?.probe ??
    scenario.forged?.request ??
    (scenario.bench ? { method: scenario.bench.method, path: scenario.bench.route } : undefined)
  );
}

/** Starts the scenario's rotation alongside the replay; undefined when none is planned. Never rejects. */
export function startPlannedRotation(
  ctx: RunContext,
  identity: RunIdentity,
  scenario: Scenario,
  shadowConfig: KongDocument,
  swapped: readonly string[],
): Promise<RotationOutcome> | undefined {
  const rotate = scenario.identity.rotate;
  const probe = rotationProbeRequest(scenario);
  if (!rotate || !probe) return undefined;
  const writer = ctx.target.configWriter;
  return runRotation(ctx, identity, {
    atMs: rotate.at,
    probe,
    lifetimeSec: scenario.identity.lifetime / 1000,
    shadowConfig,
    swapped,
    pushConfig: writer ? (doc) => writer.push(doc) : undefined,
  });
}
