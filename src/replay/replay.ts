import type { Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import type { FaultSnapshot } from "../faults/types.ts";
import type { CaptureRecord } from "../traffic/capture-schema.ts";
import type { JobTokens } from "./job-tokens.ts";
import { runLanes } from "./lanes.ts";
import type { Pacing, ScheduledRequest } from "./schedule.ts";
import { sendExchange, type ExchangeOutcome } from "./send.ts";
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
  /** Whether the upstream saw the exchange; asked right after the answer (the mock records first). */
  upstreamHit?(exchangeId: string): boolean;
  readonly signal: AbortSignal;
}

export interface ReplayOptions {
  readonly pacing: Pacing;
  /** Requests held at once (waiting + in flight); default 4 per lane (max pacing) or 4096. */
  readonly readAhead?: number;
}

/** Headers recorded in a capture that must not be replayed as-is (hop-by-hop or set by the client). */
const DROPPED_HEADERS = new Set(["host", "content-length", "connection", "transfer-encoding", "keep-alive"]);

/**
 * Streams a scheduled capture through the gateway with the job model (lanes.ts): each request is sent at
 * its intended time or as soon as its job's previous request finished, whichever is later. Observations
 * are handed to `observe` one by one and not kept, so a capture of any size replays in bounded memory.
 */
export async function replayCapture(
  schedule: AsyncIterable<ScheduledRequest>,
  options: ReplayOptions,
  deps: ReplayDeps,
  observe: (observation: Observation) => void,
): Promise<void> {
  const closed = options.pacing.mode === "max";
  const concurrency = closed ? options.pacing.lanes : Infinity;
  // A closed model only needs a few requests per lane ready; an open model holds every sleeping arrival.
  // Short-lived entries also keep the garbage collector's old space small (RSS, bench/replay.ts).
  const readAhead = options.readAhead ?? (closed ? Math.max(64, concurrency * 4) : 4096);
  await runLanes(schedule, { concurrency, readAhead, signal: deps.signal }, async (item) => {
    await sleep(item.intendedAtMs - deps.elapsedMs(), deps.signal);
    if (!deps.signal.aborted) observe(await replayOne(item, deps));
  });
}

async function replayOne(item: ScheduledRequest, deps: ReplayDeps): Promise<Observation> {
  const { record, line } = item.entry;
  const path = record.query === "" ? record.path : `${record.path}?${record.query}`;
  const faults = deps.faults();
  const sentAtMs = deps.elapsedMs();
  let exchangeId = deps.newExchangeId();
  let outcome = await sendRecord(record, path, exchangeId, deps, false);
  let refreshed = false;
  // `on-401` clients ask for a new token when the gateway refuses theirs, then try once more.
  if (outcome.status === 401 && record.job && deps.tokens.policy === "on-401") {
    refreshed = true;
    exchangeId = deps.newExchangeId();
    outcome = await sendRecord(record, path, exchangeId, deps, true);
  }
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
    upstreamHit: deps.upstreamHit?.(exchangeId) ?? false,
    activeFaults: faults.active,
    faultTransition:
      faults.inTransition || after.inTransition || after.active.join() !== faults.active.join(),
    ...(record.response ? { recordedStatus: record.response.status } : {}),
    ...(refreshed ? { tokenRefreshed: true } : {}),
  };
}

function sendRecord(
  record: CaptureRecord,
  path: string,
  exchangeId: string,
  deps: ReplayDeps,
  freshToken: boolean,
): Promise<ExchangeOutcome> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.headers)) {
    if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  if (record.job) {
    const token = freshToken ? deps.tokens.refresh(record.job) : deps.tokens.tokenFor(record.job);
    headers.authorization = `Bearer ${token}`;
  }
  return sendExchange(
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
}
