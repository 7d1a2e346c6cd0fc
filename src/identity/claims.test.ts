import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { buildClaims, resolveLifetime, subjectFor, type ClaimsContext } from "./claims.ts";
import { FIXED_NOW_SEC, SAMPLE_JOB } from "./test-support.ts";

const context: ClaimsContext = {
  issuer: "https://agent.buildkite.com",
  nowSec: FIXED_NOW_SEC,
  jti: "019b7a3c-5d2e-7f10-8a4b-3c2d1e0f9a8b",
  defaultAgentId: "00000000-0000-8000-8000-000000000000",
};

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isShadowgateError(error, "SG_TOKEN_REQUEST_INVALID")) return error.message;
    throw error;
  }
  throw new Error("expected SG_TOKEN_REQUEST_INVALID");
}

describe("buildClaims", () => {
  it("produces exactly the buildkite.md §1.5 claims, in order, with their types", () => {
    const claims = buildClaims({ job: SAMPLE_JOB }, context);
    expect(claims).toStrictEqual({
      iss: "https://agent.buildkite.com",
      sub: "organization:acme-inc:pipeline:payments-api:ref:refs/heads/main:commit:9f3182061f1e2cca4702c368cbc039b7dc9d4485:step:integration-tests",
      aud: "https://buildkite.com/acme-inc",
      iat: FIXED_NOW_SEC,
      nbf: FIXED_NOW_SEC,
      exp: FIXED_NOW_SEC + 300,
      jti: "019b7a3c-5d2e-7f10-8a4b-3c2d1e0f9a8b",
      organization_slug: "acme-inc",
      pipeline_slug: "payments-api",
      build_number: 4182,
      build_branch: "main",
      build_tag: null,
      build_commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
      step_key: "integration-tests",
      job_id: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
      agent_id: "019b7a30-8e77-4b21-a0c4-1d2e3f4a5b6c",
      build_source: "webhook",
      runner_environment: "self-hosted",
    });
    expect(Object.keys(claims).slice(0, 6)).toEqual(["iss", "sub", "aud", "iat", "nbf", "exp"]);
    expect(Number.isInteger(claims.build_number)).toBe(true);
  });

  it("uses refs/tags for a tagged build and ends sub in ':step:' when the step has no key", () => {
    const job = { ...SAMPLE_JOB, tag: "v1.2.3", stepKey: null };
    const claims = buildClaims({ job }, context);
    expect(claims.sub).toBe(
      "organization:acme-inc:pipeline:payments-api:ref:refs/tags/v1.2.3:commit:9f3182061f1e2cca4702c368cbc039b7dc9d4485:step:",
    );
    expect(subjectFor(job).endsWith(":step:")).toBe(true);
    expect(claims.build_tag).toBe("v1.2.3");
    expect(claims.step_key).toBeNull();
  });

  it("takes audience, issue time and extra claims from the request", () => {
    const claims = buildClaims(
      {
        job: SAMPLE_JOB,
        audience: "sts.amazonaws.com",
        issuedAtSec: 1000,
        lifetimeSec: 600,
        extraClaims: { organization_id: "o-1" },
      },
      context,
    );
    expect([claims.aud, claims.iat, claims.nbf, claims.exp, claims.organization_id]).toEqual([
      "sts.amazonaws.com",
      1000,
      1000,
      1600,
      "o-1",
    ]);
  });

  it("fills Buildkite's defaults for optional job fields", () => {
    const { agentId: _a, buildSource: _b, runnerEnvironment: _r, ...job } = SAMPLE_JOB;
    const claims = buildClaims({ job }, context);
    expect([claims.agent_id, claims.build_source, claims.runner_environment]).toEqual([
      context.defaultAgentId,
      "webhook",
      "self-hosted",
    ]);
  });

  it("refuses extra claims that would replace a standard claim", () => {
    expect(refusal(() => buildClaims({ job: SAMPLE_JOB, extraClaims: { exp: 1 } }, context))).toBe(
      "extraClaims may not replace the standard claim 'exp'",
    );
  });

  it("refuses a non-integer build number", () => {
    expect(refusal(() => buildClaims({ job: { ...SAMPLE_JOB, buildNumber: 1.5 } }, context))).toMatch(
      /build_number/,
    );
  });
});

describe("resolveLifetime", () => {
  it("defaults to 300 s when omitted or 0 and accepts the 7200 s maximum", () => {
    expect([
      resolveLifetime(undefined),
      resolveLifetime(0),
      resolveLifetime(60),
      resolveLifetime(7200),
    ]).toEqual([300, 300, 60, 7200]);
  });

  it("refuses 7201 s with Buildkite's 422 wording", () => {
    expect(refusal(() => resolveLifetime(7201))).toBe(
      "Requested lifetime too high (requested: 7201 max: 7200)",
    );
  });

  it("refuses negative and fractional lifetimes", () => {
    expect(refusal(() => resolveLifetime(-1))).toBe("Requested lifetime is negative (requested: -1)");
    expect(refusal(() => resolveLifetime(1.5))).toMatch(/whole seconds/);
  });
});
