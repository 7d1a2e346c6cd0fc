/**
 * Detection power of the forged-token catalogue: every planted weakness (config mistake or verifier
 * flaw) must make at least one case fail that passes on the gateway it was weakened from, and the
 * hardened gateways must fail only what Kong OSS accepts by design.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FORGED_CASES } from "../../src/identity/forge/catalogue.ts";
import type { CheckResult } from "../../src/verdict/types.ts";
import { buildConfig } from "./configs.ts";
import { runCatalogue, startDetectionEnv, type DetectionEnv } from "./harness.ts";
import { failedCases, measureDetection, renderDetectionTable, type DetectionReport } from "./measure.ts";
import { weakJwtPlugin } from "./weak-jwt.ts";
import { WEAKNESSES } from "./weaknesses.ts";

let env: DetectionEnv;
let report: DetectionReport;

beforeAll(async () => {
  env = await startDetectionEnv();
  report = await measureDetection(env);
  console.log(`\n${renderDetectionTable(report)}\n`);
}, 60_000);
afterAll(async () => {
  await env.close();
});

const policyOnly = FORGED_CASES.filter((c) => c.kongReason === undefined).map((c) => c.id);
const result = (id: string) => report.results.find((r) => r.weakness.id === id)!;

describe("hardened gateways (Kong's real jwt plugin)", () => {
  it("the iss-keyed config the catalogue assumes fails only the validly signed policy cases", () => {
    expect(policyOnly).toEqual(["other-organization", "other-pipeline", "other-audience", "step-reused"]);
    expect(failedCases(report.hardened.iss)).toEqual(policyOnly);
    // None of them reached the upstream with a wrong status: each names its caveat.
    for (const check of report.hardened.iss.filter((c) => c.status === "fail"))
      expect(check.summary).toMatch(/by design unless configured: Kong OSS's jwt plugin never checks aud/);
  });

  it("keyed on organization_id it also refuses the other organization, but never checks iss", () => {
    expect(failedCases(report.hardened.org)).toEqual([
      "iss-missing",
      "iss-empty",
      "other-pipeline",
      "other-audience",
      "step-reused",
    ]);
  });

  it("fetches nothing from the attacker's server", () => {
    for (const checks of Object.values(report.hardened))
      expect(checks.flatMap((c) => c.evidence ?? []).filter((e) => e.includes("FETCHED"))).toEqual([]);
  });
});

describe("planted weaknesses", () => {
  it.each(WEAKNESSES.map((w) => [w.id] as const))("%s is caught by at least one case", (id) => {
    expect(result(id).caughtBy.length, renderDetectionTable(report)).toBeGreaterThan(0);
  });

  it("names the cases built for each weakness", () => {
    const expectations: Record<string, string[]> = {
      "no-maximum-expiration": ["exp-far-future", "lifetime-above-buildkite-max"],
      "uri-param-default": ["token-in-query"],
      "key-claim-iss-shared": ["other-organization"],
      "missing-acl": ["other-organization"],
      "alg-not-pinned": ["alg-switched-rs512", "alg-switched-ps256"],
      "key-confusion": ["hs256-public-key-confusion"],
      "nbf-ignored": ["nbf-future"],
      "kid-as-key-path": ["kid-path-traversal", "kid-dev-null"],
      "jwk-header-trusted": ["jwk-header-injection"],
      "jku-followed": ["jku-attacker-jwks"],
      "x5u-fetched": ["x5u-attacker-url"],
      "x5c-trusted": ["x5c-attacker-chain"],
      "iss-discovery": ["iss-attacker-discovery"],
      "first-token-wins": ["multiple-tokens"],
    };
    for (const [id, cases] of Object.entries(expectations)) expect(result(id).caughtBy, id).toEqual(cases);
    expect(result("alg-none-accepted").caughtBy).toContain("alg-none");
    expect(result("no-claims-to-verify").caughtBy).toEqual(expect.arrayContaining(["expired", "nbf-future"]));
    expect(result("header-only").caughtBy).toContain("untrusted-key-trusted-kid");
    expect(result("header-only").caughtBy).not.toContain("untrusted-key");
  });

  it("fails a case whose URL the gateway fetched even though it answered 401 (SSRF)", () => {
    const check = result("x5u-fetched").checks.find((c) => c.id === "forged.x5u-attacker-url")!;
    expect(check.status).toBe("fail");
    expect(check.summary).toMatch(/FETCHED the attacker's URL .* even though it answered 401/);
    expect(check.evidence).toContain("status 401 (expected 401)");
    expect(
      check.evidence?.some((e) =>
        /FETCHED .*GET http:\/\/127\.0\.0\.1:\d+\/\.well-known\/attacker\.pem → 404/.test(e),
      ),
    ).toBe(true);
  });

  it("shows Kong's by-design caveat when a case fails for a config reason", () => {
    const check = result("no-claims-to-verify").checks.find((c) => c.id === "forged.expired")!;
    expect(check.summary).toMatch(/ACCEPTED: the gateway forwarded it upstream \(status 200\)/);
    expect(check.summary).toMatch(
      /by design unless configured: Kong accepts it when config\.claims_to_verify is unset/,
    );
  });
});

describe("the weakened plugin without flaws", () => {
  it("answers every case exactly as Kong's jwt plugin does", async () => {
    const config = buildConfig("iss", {
      upstreamUrl: env.upstream.url,
      publicKeyPem: env.trusted.publicKeyPem,
    });
    const unflawed = await runCatalogue(env, config, [weakJwtPlugin({})]);
    const outcome = (checks: readonly CheckResult[]) =>
      checks.map((c) => [c.id, c.status, c.evidence?.slice(0, 3)]);
    expect(outcome(unflawed)).toEqual(outcome(report.hardened.iss));
  });
});
