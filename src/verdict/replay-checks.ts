import type { Observation } from "../replay/types.ts";
import type { CheckResult } from "./types.ts";

/** What happened to one replayed exchange, judged against what the capture recorded. */
export type ReplayOutcome = "accepted" | "rejected" | "faulted" | "uncertain" | "error";

export function replayOutcome(obs: Observation): ReplayOutcome {
  if (obs.faultTransition) return "uncertain";
  if (obs.status === 0) return "error";
  if (obs.activeFaults.length > 0 && !obs.upstreamHit) return "faulted";
  return obs.upstreamHit && obs.status < 400 ? "accepted" : "rejected";
}

/**
 * Captured traffic that production served must still be served through the shadow gateway with freshly
 * minted tokens; traffic production refused with 401/403 must still be refused.
 */
export function replayChecks(observations: readonly Observation[]): CheckResult[] {
  const replayed = observations.filter((o) => o.kind === "replay");
  if (replayed.length === 0)
    return [{ id: "replay.outcomes", status: "skip", summary: "no captured traffic was replayed" }];
  const judged = replayed.filter((o) => {
    const outcome = replayOutcome(o);
    return outcome !== "uncertain" && outcome !== "faulted";
  });
  const wrong = judged.filter((o) => !matchesRecorded(o));
  const evidence = wrong.slice(0, 10).map(describeMismatch);
  const excluded = replayed.length - judged.length;
  const tail =
    excluded > 0 ? ` (${excluded} sent while a fault was in force or changing, judged by fault checks)` : "";
  return [
    {
      id: "replay.outcomes",
      status: wrong.length === 0 ? "pass" : "fail",
      summary:
        wrong.length === 0
          ? `${judged.length} replayed requests got the outcome production recorded${tail}`
          : `${wrong.length} of ${judged.length} replayed requests differ from the recorded outcome${tail}`,
      ...(evidence.length > 0 ? { evidence } : {}),
    },
  ];
}

function matchesRecorded(obs: Observation): boolean {
  const recorded = obs.recordedStatus;
  if (recorded === 401 || recorded === 403)
    return !obs.upstreamHit && (obs.status === 401 || obs.status === 403);
  return obs.upstreamHit && obs.status > 0 && obs.status < 400;
}

function describeMismatch(obs: Observation): string {
  const got = obs.status === 0 ? `no response (${obs.error ?? "error"})` : `${obs.status}`;
  const upstream = obs.upstreamHit ? "reached upstream" : "did not reach upstream";
  const body = obs.bodyExcerpt ? ` body ${JSON.stringify(obs.bodyExcerpt.slice(0, 120))}` : "";
  return `capture line ${obs.captureLine ?? "?"} ${obs.method} ${obs.path} (job ${obs.jobId ?? "-"}): recorded ${obs.recordedStatus ?? "?"}, got ${got}, ${upstream}${body}`;
}
