import type { Clock } from "../clock.ts";
import type { BuildkiteJob, Issuer } from "../identity/types.ts";
import type { CaptureJob } from "../traffic/capture-schema.ts";

export interface JobTokenPolicy {
  readonly audience: string | undefined;
  readonly lifetimeSec: number;
}

export interface JobTokens {
  /** The job's current token: minted at its first request, reused until it expires, then re-minted. */
  tokenFor(job: CaptureJob): string;
  /** How many tokens were minted (a report figure: refreshes show long jobs). */
  mintedCount(): number;
}

export function toBuildkiteJob(job: CaptureJob): BuildkiteJob {
  return {
    organization: job.organization,
    pipeline: job.pipeline,
    buildNumber: job.build,
    jobId: job.job,
    stepKey: job.step,
    branch: job.branch,
    tag: job.tag,
    commit: job.commit,
  };
}

/**
 * Tokens behave as a live job's would: `buildkite-agent oidc request-token` is called when the job needs
 * one and the token is reused for its lifetime (buildkite.md §1.3), never replayed from the capture.
 */
export function createJobTokens(issuer: Issuer, policy: JobTokenPolicy, clock: Clock): JobTokens {
  const cache = new Map<string, { token: string; expSec: number }>();
  let minted = 0;
  return {
    tokenFor(job) {
      const nowSec = Math.floor(clock.nowMs() / 1000);
      const cached = cache.get(job.job);
      // Kong treats exp <= now as expired (kong.md §1.5), so refresh one second early.
      if (cached && cached.expSec > nowSec + 1) return cached.token;
      const token = issuer.mint({
        job: toBuildkiteJob(job),
        lifetimeSec: policy.lifetimeSec,
        issuedAtSec: nowSec,
        ...(policy.audience === undefined ? {} : { audience: policy.audience }),
      });
      minted += 1;
      cache.set(job.job, { token, expSec: nowSec + policy.lifetimeSec });
      return token;
    },
    mintedCount: () => minted,
  };
}
