import { Fifo } from "./fifo.ts";
import type { ScheduledRequest } from "./schedule.ts";

export interface LaneOptions {
  /** Most requests in flight at once (closed model: the lane count). Infinity for open models. */
  readonly concurrency: number;
  /**
   * Most requests held at once, waiting or in flight (open models hold sleeping requests too); bounds
   * memory for captures of any size.
   */
  readonly readAhead: number;
  readonly signal: AbortSignal;
}

interface Lane {
  readonly key: string;
  /**
   * The lane's next request, then the ones after it. Most lanes hold one request at a time (jobs
   * interleave), so the queue is only allocated for a lane that gets a second.
   */
  next: ScheduledRequest | undefined;
  more: Fifo<ScheduledRequest> | undefined;
  running: boolean;
  queued: boolean;
}

/**
 * The job model: one lane per Buildkite job, whose requests run strictly one after another, in capture
 * order; lanes interleave. Only jobs with pending requests are held (a lane is dropped when it empties),
 * and the reader pauses while `readAhead` requests are waiting, so memory does not grow with the capture.
 * It resumes once half of them are gone, so records are taken in runs rather than one per finished request.
 * Lanes wait for a free slot in FIFO order, so in the closed model jobs take turns as recorded.
 */
export async function runLanes(
  source: AsyncIterable<readonly ScheduledRequest[]>,
  options: LaneOptions,
  /**
   * Sends one request and calls `done` once when it has finished (with an error, to stop the run). Not
   * called once the signal has aborted.
   */
  send: (item: ScheduledRequest, done: (error?: unknown) => void) => void,
): Promise<void> {
  const lanes = new Map<string, Lane>();
  const ready = new Fifo<Lane>();
  let buffered = 0;
  let active = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  /** The reader (or the final drain) is woken once at most this many requests are held. */
  let wakeBelow = 0;
  const lowWater = Math.floor(options.readAhead / 2);
  const notify = () => {
    if (wake === undefined || buffered + active > wakeBelow) return;
    const resume = wake;
    wake = undefined;
    resume();
  };
  const waitUntilHeldAtMost = (count: number) =>
    new Promise<void>((resolve) => {
      wakeBelow = count;
      wake = resolve;
    });

  const finish = (lane: Lane) => {
    active -= 1;
    lane.running = false;
    if (lane.next !== undefined) enqueue(lane);
    else lanes.delete(lane.key);
    pump();
    notify();
  };
  const fail = (error: unknown) => {
    failure ??= error;
  };
  const start = (lane: Lane, item: ScheduledRequest) => {
    if (options.signal.aborted) return finish(lane);
    let finished = false;
    const done = (error?: unknown) => {
      if (finished) return;
      finished = true;
      if (error !== undefined) fail(error);
      finish(lane);
    };
    try {
      send(item, done);
    } catch (error) {
      done(error);
    }
  };
  // Plain callbacks rather than an async function per request: no promise on the hot path. The
  // send waits for the next turn of the event loop: undici reuses a keep-alive connection only then
  // (client-h1 resumes in setImmediate), and a request sent earlier is parked in its pool's queue first.
  const runLane = (lane: Lane) => {
    const item = lane.next!;
    lane.next = lane.more?.shift();
    buffered -= 1;
    setImmediate(start, lane, item);
  };
  const enqueue = (lane: Lane) => {
    lane.queued = true;
    ready.push(lane);
  };
  const pump = () => {
    while (active < options.concurrency && ready.length > 0) {
      const lane = ready.shift()!;
      lane.queued = false;
      lane.running = true;
      active += 1;
      runLane(lane);
    }
  };

  for await (const batch of source) {
    for (const item of batch) {
      if (options.signal.aborted || failure !== undefined) break;
      let lane = lanes.get(item.lane);
      if (!lane) {
        lane = { key: item.lane, next: undefined, more: undefined, running: false, queued: false };
        lanes.set(item.lane, lane);
      }
      if (lane.next === undefined) lane.next = item;
      else (lane.more ??= new Fifo()).push(item);
      buffered += 1;
      if (!lane.running && !lane.queued) enqueue(lane);
      pump();
      if (buffered + active >= options.readAhead && !options.signal.aborted && failure === undefined)
        await waitUntilHeldAtMost(lowWater);
    }
    if (options.signal.aborted || failure !== undefined) break;
  }
  while (active > 0 || (ready.length > 0 && !options.signal.aborted && failure === undefined)) {
    pump();
    await waitUntilHeldAtMost(Infinity);
  }
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error("replay sender failed", { cause: failure });
}
