/**
 * Buildkite-specific cases: every token here is validly signed by the trusted issuer, so only claim policy
 * can reject it (peers.md §4.3 #33; buildkite.md §1.7 and §6.2 trust guidance).
 */
import { MAX_LIFETIME_SEC } from "../claims.ts";
import type { MintRequest } from "../types.ts";
import { derivedUuid } from "../uuid.ts";
import { bearer, claimsOfOther, REJECTED_401_OR_403, trustedToken, validClaims } from "./helpers.ts";
import { KONG_REASON, POLICY_CAVEAT, UNCHECKED_TIME_CAVEAT } from "./kong-reasons.ts";
import type { ForgeContext, ForgedCase } from "./types.ts";

function mintedCase(
  id: string,
  description: string,
  request: (ctx: ForgeContext) => Partial<MintRequest>,
  note: string,
  extra: Pick<ForgedCase, "kongReason" | "kongCaveat" | "reference">,
): ForgedCase {
  return {
    id,
    class: "buildkite",
    description,
    build: (ctx) => bearer(trustedToken(ctx, validClaims(ctx, request(ctx))), note),
    expect: REJECTED_401_OR_403,
    ...extra,
  };
}

export const BUILDKITE_CASES: readonly ForgedCase[] = [
  mintedCase(
    "other-organization",
    "Genuine token for another Buildkite organization with the same pipeline slug (and the gateway's audience).",
    (ctx) => {
      const organization = `${ctx.job.organization}-other`;
      return {
        job: { ...ctx.job, organization },
        extraClaims: claimsOfOther(ctx, { organization_id: organization }),
      };
    },
    "trusted token, organization_slug, sub (and organization_id when keyed on) of another org, same pipeline slug",
    { kongCaveat: POLICY_CAVEAT, reference: "buildkite.md §6.2 (slugs are mutable, pin organization)" },
  ),
  mintedCase(
    "other-pipeline",
    "Genuine token for another pipeline of the same organization.",
    (ctx) => {
      const pipeline = `${ctx.job.pipeline}-other`;
      return { job: { ...ctx.job, pipeline }, extraClaims: claimsOfOther(ctx, { pipeline_id: pipeline }) };
    },
    "trusted token, pipeline_slug and sub of another pipeline",
    { kongCaveat: POLICY_CAVEAT, reference: "buildkite.md §6.2" },
  ),
  mintedCase(
    "other-audience",
    "Genuine token minted for AWS STS (aud sts.amazonaws.com) replayed at the gateway (cross-service replay).",
    () => ({ audience: "sts.amazonaws.com" }),
    "trusted token, aud sts.amazonaws.com",
    { kongCaveat: POLICY_CAVEAT, reference: "peers.md §4.3 #33; buildkite.md §6.2" },
  ),
  mintedCase(
    "replayed-after-expiry",
    "The captured original token replayed after it expired: minted an hour ago with the default 300 s lifetime.",
    (ctx) => ({ issuedAtSec: ctx.nowSec - 3600 }),
    "trusted token issued 3600 s ago, exp 3300 s in the past",
    {
      kongReason: KONG_REASON.expired,
      kongCaveat: UNCHECKED_TIME_CAVEAT,
      reference: "DESIGN.md (original token kept as a negative case); buildkite.md §7",
    },
  ),
  mintedCase(
    "step-reused",
    "Genuine token minted for another step (another job of the same build) reused on this job's request.",
    (ctx) => ({
      job: {
        ...ctx.job,
        stepKey: `${ctx.job.stepKey ?? "step"}-other`,
        jobId: derivedUuid("other-step", ctx.job.jobId),
      },
    }),
    "trusted token for another step_key and job_id of the same build",
    { kongCaveat: POLICY_CAVEAT, reference: "buildkite.md §1.1 (a job token mints only for its own job)" },
  ),
  {
    id: "lifetime-above-buildkite-max",
    class: "buildkite",
    description: `Trusted-signed token with a 14400 s lifetime; Buildkite refuses lifetimes above ${MAX_LIFETIME_SEC} s (422), so only a leaked key makes one.`,
    build: (ctx) => {
      const claims = validClaims(ctx);
      return bearer(
        trustedToken(ctx, { ...claims, exp: ctx.nowSec + 14_400 }),
        "trusted token, exp - iat = 14400",
      );
    },
    expect: REJECTED_401_OR_403,
    kongReason: KONG_REASON.maximumExpiration,
    kongCaveat: "Kong accepts it unless maximum_expiration (at most 7200) is set (kong.md §1.1).",
    reference: "buildkite.md §1.3, §1.7",
  },
];
