/**
 * The pure claims builder: a Buildkite OIDC token's payload for a job (buildkite.md §1.5), in the
 * order Buildkite's own examples use. No clock, no randomness: the caller supplies `nowSec` and `jti`.
 */
import { ShadowgateError } from "../errors.ts";
import type { BuildkiteJob, MintRequest } from "./types.ts";

export const BUILDKITE_ISSUER = "https://agent.buildkite.com";
/** buildkite.md §1.3: 300 s default; 7200 s is the documented (default) maximum. */
export const DEFAULT_LIFETIME_SEC = 300;
export const MAX_LIFETIME_SEC = 7200;

/** Claims every minted token carries; `extraClaims` may add to these but never replace them. */
export const STANDARD_CLAIMS = [
  "iss",
  "sub",
  "aud",
  "iat",
  "nbf",
  "exp",
  "jti",
  "organization_slug",
  "pipeline_slug",
  "build_number",
  "build_branch",
  "build_tag",
  "build_commit",
  "step_key",
  "job_id",
  "agent_id",
  "build_source",
  "runner_environment",
] as const;

export function defaultAudience(organization: string): string {
  return `https://buildkite.com/${organization}`;
}

/** `organization:{org}:pipeline:{pipeline}:ref:{ref}:commit:{sha}:step:{key}`; ends in `:step:` with no key. */
export function subjectFor(job: BuildkiteJob): string {
  const ref = job.tag === null ? `refs/heads/${job.branch}` : `refs/tags/${job.tag}`;
  return `organization:${job.organization}:pipeline:${job.pipeline}:ref:${ref}:commit:${job.commit}:step:${job.stepKey ?? ""}`;
}

/**
 * Resolves `--lifetime` as Buildkite does: omitted or 0 means the 300 s default; negative values and values
 * above 7200 are refused (the API answers 422 `Requested lifetime too high (requested: N max: 7200)`).
 */
export function resolveLifetime(requested: number | undefined): number {
  if (requested === undefined || requested === 0) return DEFAULT_LIFETIME_SEC;
  if (!Number.isInteger(requested)) {
    throw new ShadowgateError(
      "SG_TOKEN_REQUEST_INVALID",
      `Requested lifetime must be whole seconds (requested: ${requested})`,
    );
  }
  if (requested < 0) {
    throw new ShadowgateError(
      "SG_TOKEN_REQUEST_INVALID",
      `Requested lifetime is negative (requested: ${requested})`,
    );
  }
  if (requested > MAX_LIFETIME_SEC) {
    throw new ShadowgateError(
      "SG_TOKEN_REQUEST_INVALID",
      `Requested lifetime too high (requested: ${requested} max: ${MAX_LIFETIME_SEC})`,
    );
  }
  return requested;
}

export interface ClaimsContext {
  readonly issuer: string;
  /** Used when the request has no `issuedAtSec`. */
  readonly nowSec: number;
  readonly jti: string;
  /** `agent_id` when the job has none. */
  readonly defaultAgentId: string;
}

export function buildClaims(request: MintRequest, context: ClaimsContext): Record<string, unknown> {
  const { job } = request;
  const iat = request.issuedAtSec ?? context.nowSec;
  if (!Number.isSafeInteger(iat)) {
    throw new ShadowgateError(
      "SG_TOKEN_REQUEST_INVALID",
      `Issue time must be whole Unix seconds (got ${iat})`,
    );
  }
  if (!Number.isSafeInteger(job.buildNumber) || job.buildNumber < 0) {
    throw new ShadowgateError(
      "SG_TOKEN_REQUEST_INVALID",
      `build_number must be a non-negative integer (got ${job.buildNumber})`,
    );
  }
  const claims: Record<string, unknown> = {
    iss: context.issuer,
    sub: subjectFor(job),
    aud: request.audience ?? defaultAudience(job.organization),
    iat,
    nbf: iat, // Buildkite sets nbf == iat, no backdating (buildkite.md §1.3)
    exp: iat + resolveLifetime(request.lifetimeSec),
    jti: context.jti,
    organization_slug: job.organization,
    pipeline_slug: job.pipeline,
    build_number: job.buildNumber,
    build_branch: job.branch,
    build_tag: job.tag, // a 2025 sample carries an explicit null (buildkite.md §1.5)
    build_commit: job.commit,
    step_key: job.stepKey,
    job_id: job.jobId,
    agent_id: job.agentId ?? context.defaultAgentId,
    build_source: job.buildSource ?? "webhook",
    runner_environment: job.runnerEnvironment ?? "self-hosted",
  };
  for (const [name, value] of Object.entries(request.extraClaims ?? {})) {
    if (name in claims) {
      throw new ShadowgateError(
        "SG_TOKEN_REQUEST_INVALID",
        `extraClaims may not replace the standard claim '${name}'`,
      );
    }
    claims[name] = value;
  }
  return claims;
}
