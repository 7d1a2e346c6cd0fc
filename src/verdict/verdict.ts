import type { CheckResult, Verdict } from "./types.ts";

/** An incomplete run is never ready, whatever its checks say (DESIGN.md exit codes). */
export function decideVerdict(checks: readonly CheckResult[], complete: boolean): Verdict {
  if (!complete) return "incomplete";
  return checks.some((check) => check.status === "fail") ? "not-ready" : "ready";
}

export function verdictExitCode(verdict: Verdict): 0 | 1 | 4 {
  return verdict === "ready" ? 0 : verdict === "not-ready" ? 1 : 4;
}
