import type { Observation } from "../replay/types.ts";
import { createDiffTally, type DiffSummary } from "../traffic/diff-tally.ts";
import { statusDiffClass } from "../traffic/outcome-diff.ts";

/** What happened to one replayed exchange, judged against what the capture recorded. */
export type ReplayOutcome = "accepted" | "rejected" | "faulted" | "uncertain" | "error";

export function replayOutcome(obs: Observation): ReplayOutcome {
  if (obs.faultTransition) return "uncertain";
  if (obs.status === 0) return "error";
  if (obs.activeFaults.length > 0 && !obs.upstreamHit) return "faulted";
  return obs.upstreamHit && obs.status < 400 ? "accepted" : "rejected";
}

/** Everything the checks and the report need from the replay, in memory bounded by groups, not requests. */
export interface ReplaySummary {
  readonly sent: number;
  readonly byOutcome: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Exchanges judged against the capture (not sent during a fault or its transition). */
  readonly judged: number;
  readonly mismatched: number;
  /** The first mismatches, described for evidence. */
  readonly mismatchSamples: readonly string[];
  /** Replayed exchanges a fault stopped before the upstream, by fault id (for the fault checks). */
  readonly blockedByFault: Readonly<Record<string, number>>;
  /** `on-401` retries: first answer 401, then a fresh token. */
  readonly tokenRefreshes: number;
  /** Captured outcome vs shadow outcome, by route prefix and pipeline (Diffy-style). */
  readonly diff: DiffSummary;
}

export interface ReplayTally {
  add(observation: Observation): void;
  summary(): ReplaySummary;
}

const KEPT_SAMPLES = 10;

export function createReplayTally(): ReplayTally {
  let sent = 0;
  let judged = 0;
  let mismatched = 0;
  let tokenRefreshes = 0;
  const byOutcome: Record<string, number> = {};
  // Counted by number (no string per request); a Map keeps first-insertion order as an object does, so
  // naming the keys at summary time gives the same record.
  const byStatus = new Map<number, number>();
  const blockedByFault: Record<string, number> = {};
  const samples: string[] = [];
  const diff = createDiffTally();
  return {
    add(obs) {
      sent += 1;
      const outcome = replayOutcome(obs);
      bump(byOutcome, outcome);
      byStatus.set(obs.status, (byStatus.get(obs.status) ?? 0) + 1);
      if (obs.tokenRefreshed) tokenRefreshes += 1;
      if (!obs.upstreamHit) for (const fault of obs.activeFaults) bump(blockedByFault, fault);
      if (outcome === "uncertain" || outcome === "faulted") return;
      judged += 1;
      if (!matchesRecorded(obs)) {
        mismatched += 1;
        if (samples.length < KEPT_SAMPLES) samples.push(describeMismatch(obs));
      }
      if (obs.recordedStatus !== undefined) {
        // The shadow's answer only counts as "accepted" if it really reached the upstream.
        const shadowStatus = obs.status < 400 && !obs.upstreamHit ? 0 : obs.status;
        const kind = statusDiffClass(obs.recordedStatus, shadowStatus);
        diff.add({
          path: obs.path,
          pipeline: obs.pipeline,
          class: kind,
          sample: () => describeMismatch(obs),
        });
      }
    },
    summary: () => ({
      sent,
      byOutcome: { ...byOutcome },
      byStatus: countsByName(byStatus),
      judged,
      mismatched,
      mismatchSamples: [...samples],
      blockedByFault: { ...blockedByFault },
      tokenRefreshes,
      diff: diff.summary(),
    }),
  };
}

/** For tests and small runs: the summary of a list of observations (non-replay ones are ignored). */
export function tallyReplay(observations: readonly Observation[]): ReplaySummary {
  const tally = createReplayTally();
  for (const obs of observations) if (obs.kind === "replay") tally.add(obs);
  return tally.summary();
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

function countsByName(counts: ReadonlyMap<number, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [status, count] of counts) out[String(status)] = count;
  return out;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
