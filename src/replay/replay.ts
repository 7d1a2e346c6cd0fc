import type { Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import type { FaultSnapshot } from "../faults/types.ts";
import type { JobTokens } from "./job-tokens.ts";
import { lanesOf, type ScheduledRequest } from "./schedule.ts";
import { sendExchange } from "./send.ts";
import { sleep } from "./sleep.ts";
import type { Observation } from "./types.ts";

export interface ReplayDeps {
  readonly proxyUrl: string;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly tokens: JobTokens;
  /** Milliseconds since replay start (shared with the fault timeline). */
  elapsedMs(): number;
  faults(): FaultSnapshot;
  newExchangeId(): string;
  readonly signal: AbortSignal;
}

/** Headers recorded in a capture that must not be replayed as-is (hop-by-hop or set by the client). */
const DROPPED_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding"]);

/**
 * Replays the schedule: one async lane per Buildkite job, each request sent at its intended time or as
 * soon as the job's previous request has finished, whichever is later (a job's calls are sequential).
 */
export async function replaySchedule(
  schedule: readonly ScheduledRequest[],
  deps: ReplayDeps,
): Promise<Observation[]> {
  const observations: Observation[] = [];
  await Promise.all(
    lanesOf(schedule).map(async (lane) => {
      for (const item of lane) {
        await sleep(item.intendedAtMs - deps.elapsedMs(), deps.signal);
        if (deps.signal.aborted) return;
        observations.push(await replayOne(item, deps));
      }
    }),
  );
  return observations.sort((a, b) => (a.captureLine ?? 0) - (b.captureLine ?? 0));
}

async function replayOne(item: ScheduledRequest, deps: ReplayDeps): Promise<Observation> {
  const { record, line } = item.entry;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  if (record.job) headers.authorization = `Bearer ${deps.tokens.tokenFor(record.job)}`;
  const exchangeId = deps.newExchangeId();
  const path = record.query === "" ? record.path : `${record.path}?${record.query}`;
  const faults = deps.faults();
  const sentAtMs = deps.elapsedMs();
  const outcome = await sendExchange(
    deps.proxyUrl,
    {
      exchangeId,
      method: record.method,
      path,
      headers,
      ...(record.body === undefined ? {} : { body: Buffer.from(record.body, "base64") }),
    },
    deps.dispatcher,
    deps.clock,
  );
  const after = deps.faults();
  return {
    exchangeId,
    kind: "replay",
    method: record.method,
    path,
    captureLine: line,
    ...(record.job ? { jobId: record.job.job, pipeline: record.job.pipeline } : {}),
    token: record.job ? "minted" : "none",
    intendedAtMs: Math.round(item.intendedAtMs),
    sentAtMs: Math.round(sentAtMs),
    ...outcome,
    upstreamHit: false,
    activeFaults: faults.active,
    faultTransition:
      faults.inTransition || after.inTransition || after.active.join() !== faults.active.join(),
    ...(record.response ? { recordedStatus: record.response.status } : {}),
  };
}
