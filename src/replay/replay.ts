import type { Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import type { FaultSnapshot } from "../faults/types.ts";
import type { CaptureRecord } from "../traffic/capture-schema.ts";
import { EXCHANGE_HEADER } from "../upstream/mock-upstream.ts";
import type { JobTokens } from "./job-tokens.ts";
import { runLanes } from "./lanes.ts";
import type { Pacing, ScheduledRequest } from "./schedule.ts";
import {
  DEFAULT_TIMEOUT_MS,
  dispatchExchange,
  sendTarget,
  type ExchangeOutcome,
  type SendTarget,
} from "./send.ts";
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Streams a scheduled capture through the gateway with the job model (lanes.ts): each request is sent at
 * its intended time or as soon as its job's previous request finished, whichever is later. Observations
 * are handed to `observe` one by one and not kept, so a capture of any size replays in bounded memory.
 */
export async function replayCapture(
  /** Scheduled requests in batches, as scheduleCapture(readCaptureBatches(…)) yields them. */
  schedule: AsyncIterable<readonly ScheduledRequest[]>,
  options: ReplayOptions,
  deps: ReplayDeps,
  observe: (observation: Observation) => void,
): Promise<void> {
  const closed = options.pacing.mode === "max";
  const concurrency = closed ? options.pacing.lanes : Infinity;
  // A closed model only needs a few requests per lane ready; an open model holds every sleeping arrival.
  // Short-lived entries also keep the garbage collector's old space small (RSS, bench/replay.ts).
  const readAhead = options.readAhead ?? (closed ? Math.max(64, concurrency * 4) : 4096);
  const target = sendTarget(deps.proxyUrl);
  await runLanes(schedule, { concurrency, readAhead, signal: deps.signal }, (item, done) => {
    // Sleeping costs a timer and two promises, so only a request that is early waits; one due at 0 (max
    // pacing) never is, elapsed time being never negative.
    const waitMs = item.intendedAtMs > 0 ? item.intendedAtMs - deps.elapsedMs() : 0;
    if (waitMs <= 0) replayOne(item, deps, target, observe, done);
    else
      sleep(waitMs, deps.signal)
        .then(() => (deps.signal.aborted ? done() : replayOne(item, deps, target, observe, done)))
        .catch(done);
  });
}

/**
 * Sends one record (and its `on-401` retry), hands its observation to `observe`, then calls `done` once
 * (with the error if observing threw). Callbacks, not promises: this runs for every replayed request.
 */
function replayOne(
  item: ScheduledRequest,
  deps: ReplayDeps,
  target: SendTarget,
  observe: (observation: Observation) => void,
  done: (error?: unknown) => void,
): void {
  const { record } = item.entry;
  const path = record.query === "" ? record.path : `${record.path}?${record.query}`;
  const faults = deps.faults();
  const sentAtMs = deps.elapsedMs();
  const captured = capturedHeaders(record.headers);
  const exchangeId = deps.newExchangeId();
  const finish = (id: string, outcome: ExchangeOutcome, refreshed: boolean) => {
    try {
      observe(observation(item, path, faults, sentAtMs, id, outcome, refreshed, deps));
    } catch (error) {
      done(error);
      return;
    }
    done();
  };
  sendRecord(record, captured, path, exchangeId, deps, target, false, done, (outcome) => {
    // `on-401` clients ask for a new token when the gateway refuses theirs, then try once more: on the
    // next turn of the event loop, not from inside the dispatcher's own response callback.
    if (outcome.status === 401 && record.job && deps.tokens.policy === "on-401") {
      const retryId = deps.newExchangeId();
      setImmediate(() =>
        sendRecord(record, captured, path, retryId, deps, target, true, done, (retried) =>
          finish(retryId, retried, true),
        ),
      );
      return;
    }
    finish(exchangeId, outcome, false);
  });
}

function observation(
  item: ScheduledRequest,
  path: string,
  faults: FaultSnapshot,
  sentAtMs: number,
  exchangeId: string,
  outcome: ExchangeOutcome,
  refreshed: boolean,
  deps: ReplayDeps,
): Observation {
  const { record, line } = item.entry;
  const after = deps.faults();
  // Built property by property in a fixed order (the report's key order), without spreading the outcome.
  const obs: Mutable<Observation> = {
    exchangeId,
    kind: "replay",
    method: record.method,
    path,
    captureLine: line,
  } as Mutable<Observation>;
  if (record.job) {
    obs.jobId = record.job.job;
    obs.pipeline = record.job.pipeline;
  }
  obs.token = record.job ? "minted" : "none";
  obs.intendedAtMs = Math.round(item.intendedAtMs);
  obs.sentAtMs = Math.round(sentAtMs);
  obs.status = outcome.status;
  obs.latencyUs = outcome.latencyUs;
  obs.bodyExcerpt = outcome.bodyExcerpt;
  obs.responseHeaders = outcome.responseHeaders;
  if (outcome.error !== undefined) obs.error = outcome.error;
  obs.upstreamHit = deps.upstreamHit?.(exchangeId) ?? false;
  obs.activeFaults = faults.active;
  obs.faultTransition =
    faults.inTransition || after.inTransition || after.active.join() !== faults.active.join();
  if (record.response) obs.recordedStatus = record.response.status;
  if (refreshed) obs.tokenRefreshed = true;
  return obs;
}

/** The record's own headers as undici's flat `[name, value, ...]` list, in the order an object keeps. */
function capturedHeaders(headers: Readonly<Record<string, string>>): string[] {
  const list: string[] = [];
  for (const name of Object.keys(headers)) {
    // `__proto__` never survived the copy into a plain object either.
    if (name !== "__proto__" && !DROPPED_HEADERS.has(name.toLowerCase())) list.push(name, headers[name]!);
  }
  return list;
}

/** Sets a header as assigning an object key does: in place when the exact name is there, else last. */
function setHeader(list: string[], name: string, value: string): void {
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] === name) {
      list[i + 1] = value;
      return;
    }
  }
  list.push(name, value);
}

function sendRecord(
  record: CaptureRecord,
  captured: readonly string[],
  path: string,
  exchangeId: string,
  deps: ReplayDeps,
  target: SendTarget,
  freshToken: boolean,
  fail: (error: unknown) => void,
  settle: (outcome: ExchangeOutcome) => void,
): void {
  const send = (bearer: string | undefined): void => {
    const headers = captured.slice();
    if (bearer !== undefined) setHeader(headers, "authorization", bearer);
    setHeader(headers, EXCHANGE_HEADER, exchangeId);
    const body = record.body === undefined ? undefined : Buffer.from(record.body, "base64");
    dispatchExchange(
      target,
      record.method,
      path,
      headers,
      body,
      deps.dispatcher,
      deps.clock,
      DEFAULT_TIMEOUT_MS,
      settle,
    );
  };
  if (!record.job) return send(undefined);
  // A job's first token (or a refresh) is signed on the thread pool; the lane waits, the others send.
  const bearer = deps.tokens.bearer(record.job, freshToken);
  if (typeof bearer === "string") send(bearer);
  else bearer.then(send).catch(fail);
}
