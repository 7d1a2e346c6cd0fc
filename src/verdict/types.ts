export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  /** Stable dotted id, e.g. `forged.alg-none`, `fault.block-deploy.applied`, `threshold.valid.p99`. */
  readonly id: string;
  readonly status: CheckStatus;
  readonly summary: string;
  /** What a person needs to see why it failed (statuses, body excerpts, upstream hits). */
  readonly evidence?: readonly string[];
}

export type Verdict = "ready" | "not-ready" | "incomplete";
