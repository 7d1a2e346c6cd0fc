import { describe, expect, it } from "vitest";
import type { Observation } from "../replay/types.ts";
import { ROTATION_PROBE, rotationChecks, type RotationRecord } from "./rotation-checks.ts";

const probe = (exchangeId: string, status: number): Observation => ({
  exchangeId,
  kind: "probe",
  method: "GET",
  path: "/artifacts/x",
  token: "minted",
  intendedAtMs: 0,
  sentAtMs: 0,
  latencyUs: 1000,
  status,
  bodyExcerpt: status === 401 ? '{"message":"Invalid signature"}' : "{}",
  responseHeaders: {},
  upstreamHit: status < 400,
  activeFaults: [],
  faultTransition: false,
});

const record: RotationRecord = {
  plannedAtMs: 2000,
  fromKid: "a".repeat(64),
  toKid: "b".repeat(64),
  probe: { method: "GET", path: "/artifacts/x" },
  rotatedAtMs: 2001,
  pushedAtMs: 2010,
  oldTokenRemainingSec: 299,
};

describe("rotationChecks", () => {
  it("Kong OSS: the new key works after the push, the old key's valid tokens are refused", () => {
    const checks = rotationChecks(
      record,
      [
        probe(ROTATION_PROBE.newKeyBeforePush, 401),
        probe(ROTATION_PROBE.newKeyAfterPush, 200),
        probe(ROTATION_PROBE.oldKeyAfterPush, 401),
      ],
      300,
    );
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ["identity.rotation.new-key", "pass"],
      ["identity.rotation.old-key", "fail"],
    ]);
    expect(checks[0]!.summary).toMatch(/before the push it was refused: Kong OSS does not read a JWKS/);
    expect(checks[1]!.summary).toMatch(
      /still valid for 299 s, is REFUSED after the push: Kong OSS holds one rsa_public_key/,
    );
    expect(checks[1]!.evidence!.join("\n")).toMatch(/key_claim_name: kid/);
  });

  it("a failed push fails the new-key check and says so", () => {
    const checks = rotationChecks({ ...record, error: "POST /config → 400" }, [], 300);
    expect(checks[0]).toMatchObject({ status: "fail" });
    expect(checks[0]!.evidence).toContain("config push with the new key FAILED: POST /config → 400");
  });

  it("skips both checks when the rotation did not run", () => {
    const checks = rotationChecks(
      { ...record, skipped: "the run ended before the rotation at 2 s" },
      [],
      300,
    );
    expect(checks.map((c) => c.status)).toEqual(["skip", "skip"]);
  });
});
