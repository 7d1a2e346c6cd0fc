import type { Clock } from "../clock.ts";
import type { BuildkiteJob, Issuer } from "../identity/types.ts";
import type { CaptureJob } from "../traffic/capture-schema.ts";
import { GenerationalCache } from "./generational-cache.ts";

/**
 * What a job's client does when its token runs out (the scenario's `traffic.tokens.refresh`):
 * - `before-expiry`: asks for a new token shortly before `exp`, as a well-behaved client does;
 * - `on-401`: keeps the token until the gateway refuses it, then asks for a new one and retries once;
 * - `never`: one token per job, requested when the job starts (a pre-command hook that exports it), so a
 *   job that outlives its token fails mid-way exactly as it would live (buildkite.md §1.3).
 */
export type TokenRefresh = "before-expiry" | "on-401" | "never";

export interface JobTokenPolicy {
  readonly audience: string | undefined;
  readonly lifetimeSec: number;
  readonly refresh?: TokenRefresh;
}

export interface JobTokens {
  /** The job's current token: minted at its first request and reused as the refresh policy says. */
  tokenFor(job: CaptureJob): string;
  /** Mints a new token for the job (after a 401 under `on-401`) and returns it. */
  refresh(job: CaptureJob): string;
  /**
   * The `Authorization` value for the job's current token (`fresh`: a newly minted one), built once per
   * token: the replayer sends it with every request of the job, and undici checks and copies it each time.
   * A string when the token is cached; a promise while a new one is signed on the thread pool.
   */
  bearer(job: CaptureJob, fresh: boolean): string | Promise<string>;
  /** How many tokens were minted (a report figure: refreshes show long jobs). */
  mintedCount(): number;
  readonly policy: TokenRefresh;
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
 * Jobs whose tokens are remembered (a capture may hold 1M jobs): a job seen within the last 10,000 distinct
 * jobs keeps its token; one idle for longer may be forgotten (generational-cache.ts).
 */
const MAX_CACHED_JOBS = 20_000;

/**
 * Tokens behave as a live job's would: `buildkite-agent oidc request-token` is called when the job needs
 * one and the token is reused for its lifetime (buildkite.md §1.3), never replayed from the capture.
 */
export function createJobTokens(issuer: Issuer, policy: JobTokenPolicy, clock: Clock): JobTokens {
  const cache = new GenerationalCache<string, CachedToken>(MAX_CACHED_JOBS);
  /** Tokens being signed off the event loop, by job: a job asks again only after its request is sent. */
  const signing = new Map<string, Promise<string>>();
  const refreshPolicy = policy.refresh ?? "before-expiry";
  let minted = 0;
  const mintRequest = (job: CaptureJob, nowSec: number) => ({
    job: toBuildkiteJob(job),
    lifetimeSec: policy.lifetimeSec,
    issuedAtSec: nowSec,
    ...(policy.audience === undefined ? {} : { audience: policy.audience }),
  });
  const remember = (job: CaptureJob, token: string, nowSec: number): CachedToken => {
    minted += 1;
    const entry: CachedToken = { bearer: `${BEARER}${token}`, expSec: nowSec + policy.lifetimeSec };
    cache.set(job.job, entry);
    return entry;
  };
  const mint = (job: CaptureJob): CachedToken => {
    const nowSec = Math.floor(clock.nowMs() / 1000);
    return remember(job, issuer.mint(mintRequest(job, nowSec)), nowSec);
  };
  const mintAsync = (job: CaptureJob): Promise<string> => {
    const nowSec = Math.floor(clock.nowMs() / 1000);
    const bearer = issuer
      .mintAsync(mintRequest(job, nowSec))
      .then((token) => remember(job, token, nowSec).bearer)
      .finally(() => signing.delete(job.job));
    signing.set(job.job, bearer);
    return bearer;
  };
  /** The job's cached token while it is valid under the refresh policy. */
  const valid = (job: CaptureJob): CachedToken | undefined => {
    const cached = cache.get(job.job);
    if (!cached) return undefined;
    if (refreshPolicy !== "before-expiry") return cached;
    // Kong treats exp <= now as expired (kong.md §1.5), so refresh one second early.
    const nowSec = Math.floor(clock.nowMs() / 1000);
    return cached.expSec > nowSec + 1 ? cached : undefined;
  };
  return {
    policy: refreshPolicy,
    tokenFor: (job) => (valid(job) ?? mint(job)).bearer.slice(BEARER.length),
    refresh: (job) => mint(job).bearer.slice(BEARER.length),
    bearer: (job, fresh) => {
      if (!fresh) {
        const cached = valid(job);
        if (cached) return cached.bearer;
      }
      return signing.get(job.job) ?? mintAsync(job);
    },
    mintedCount: () => minted,
  };
}

const BEARER = "Bearer ";

/** Only the header value is kept (the token is its tail): one string per cached job, not two. */
interface CachedToken {
  readonly bearer: string;
  readonly expSec: number;
}
