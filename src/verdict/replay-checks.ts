import type { CheckResult } from "./types.ts";
import type { ReplaySummary } from "./replay-tally.ts";

export { replayOutcome, type ReplayOutcome } from "./replay-tally.ts";

/**
 * Captured traffic that production served must still be served through the shadow gateway with freshly
 * minted tokens; traffic production refused with 401/403 must still be refused.
 */
export function replayChecks(summary: ReplaySummary): CheckResult[] {
  if (summary.sent === 0)
    return [{ id: "replay.outcomes", status: "skip", summary: "no captured traffic was replayed" }];
  const { judged, mismatched } = summary;
  const excluded = summary.sent - judged;
  const tail =
    excluded > 0 ? ` (${excluded} sent while a fault was in force or changing, judged by fault checks)` : "";
  const evidence = summary.mismatchSamples;
  return [
    {
      id: "replay.outcomes",
      status: mismatched === 0 ? "pass" : "fail",
      summary:
        mismatched === 0
          ? `${judged} replayed requests got the outcome production recorded${tail}`
          : `${mismatched} of ${judged} replayed requests differ from the recorded outcome${tail}`,
      ...(evidence.length > 0 ? { evidence } : {}),
    },
  ];
}
