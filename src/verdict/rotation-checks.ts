/**
 * Checks for a signing-key rotation in the middle of a run (scenario `identity.rotate`). Kong OSS's jwt
 * plugin finds a credential by the key claim (`iss` by default), never by `kid`, and a jwt_secrets entry
 * holds one rsa_public_key (kong.md §1.2, §1.4 e-h): tokens of a new key fail until the config holds it,
 * and once it does, tokens of the old key fail, even while they are still valid.
 */
import type { Observation } from "../replay/types.ts";
import type { CheckResult } from "./types.ts";

/** The probes a rotation sends, by exchange id. */
export const ROTATION_PROBE = {
  newKeyBeforePush: "rotation:new-key:before-push",
  newKeyAfterPush: "rotation:new-key:after-push",
  oldKeyAfterPush: "rotation:old-key:after-push",
} as const;

/** result.json `identity.rotation`: what was planned and what happened. No token is ever kept. */
export interface RotationRecord {
  readonly plannedAtMs: number;
  readonly fromKid: string;
  readonly toKid: string;
  readonly probe: { readonly method: string; readonly path: string };
  readonly rotatedAtMs?: number;
  /** When the config trusting the new key was accepted by POST /config. */
  readonly pushedAtMs?: number;
  /** Seconds the pre-rotation token still had to live when it was sent after the push. */
  readonly oldTokenRemainingSec?: number;
  /** Why the push did not happen (no Admin API, Kong refused the config, …). */
  readonly error?: string;
  /** Why the rotation was not run (the run ended first, the target has no Admin API): checks skip. */
  readonly skipped?: string;
}

const accepted = (o: Observation | undefined): boolean =>
  o !== undefined && o.upstreamHit && o.status > 0 && o.status < 400;

function describe(o: Observation | undefined): string {
  if (!o) return "not sent";
  const status = o.status === 0 ? `no response (${o.error ?? "error"})` : String(o.status);
  return `${status}, upstream ${o.upstreamHit ? "saw it" : "never saw it"}, body ${JSON.stringify(o.bodyExcerpt.slice(0, 100))}`;
}

export function rotationChecks(
  record: RotationRecord,
  observations: readonly Observation[],
  lifetimeSec: number,
): CheckResult[] {
  const ids = ["identity.rotation.new-key", "identity.rotation.old-key"];
  const { skipped } = record;
  if (skipped !== undefined) return ids.map((id) => ({ id, status: "skip", summary: `skipped: ${skipped}` }));
  const probe = (id: string) => observations.find((o) => o.exchangeId === id);
  const before = probe(ROTATION_PROBE.newKeyBeforePush);
  const newAfter = probe(ROTATION_PROBE.newKeyAfterPush);
  const oldAfter = probe(ROTATION_PROBE.oldKeyAfterPush);
  const from = record.fromKid.slice(0, 12);
  const to = record.toKid.slice(0, 12);
  const push = record.error
    ? `config push with the new key FAILED: ${record.error}`
    : `config with the new key pushed to the gateway at ${((record.pushedAtMs ?? 0) / 1000).toFixed(2)} s`;

  const newOk = accepted(newAfter);
  const gap = accepted(before)
    ? "it was accepted even before the push (the gateway reads the JWKS)"
    : "before the push it was refused: Kong OSS does not read a JWKS, so from the issuer's rotation until an operator pushes the new key every newly minted token fails";
  const newKey: CheckResult = {
    id: ids[0]!,
    status: newOk ? "pass" : "fail",
    summary: newOk
      ? `tokens signed with the new key (kid ${to}…) are accepted once the config holds it; ${gap}`
      : `tokens signed with the new key (kid ${to}…) are REFUSED after the rotation${record.error ? " (the config push failed)" : ""}`,
    evidence: [
      `new key before the push: ${describe(before)}`,
      push,
      `new key after the push: ${describe(newAfter)}`,
    ],
  };

  const oldOk = accepted(oldAfter);
  const remaining = record.oldTokenRemainingSec ?? lifetimeSec;
  const oldKey: CheckResult = {
    id: ids[1]!,
    status: oldOk ? "pass" : "fail",
    summary: oldOk
      ? `a token of the old key (kid ${from}…) minted before the rotation is still accepted after the push (overlap works)`
      : `a token of the old key (kid ${from}…) minted before the rotation, still valid for ${remaining} s, is REFUSED after the push: Kong OSS holds one rsa_public_key per jwt_secrets credential and finds it by the key claim (iss by default), not kid, so it cannot trust both keys; jobs holding a pre-rotation token fail for up to ${lifetimeSec} s`,
    evidence: [
      `old key after the push: ${describe(oldAfter)}`,
      push,
      ...(oldOk
        ? []
        : [
            "fix: key credentials on the token's kid (key_claim_name: kid, one jwt_secrets entry per Buildkite kid, kong.md §1.1) so old and new keys are trusted together during the overlap",
          ]),
    ],
  };
  return [newKey, oldKey];
}
