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
  readonly items: Fifo<ScheduledRequest>;
  running: boolean;
  queued: boolean;
}

/**
 * The job model: one lane per Buildkite job, whose requests run strictly one after another, in capture
 * order; lanes interleave. Only jobs with pending requests are held (a lane is dropped when it empties),
 * and the reader pauses while `readAhead` requests are waiting, so memory does not grow with the capture.
 * Lanes wait for a free slot in FIFO order, so in the closed model jobs take turns as recorded.
 */
export async function runLanes(
  source: AsyncIterable<ScheduledRequest>,
  options: LaneOptions,
  send: (item: ScheduledRequest) => Promise<void>,
): Promise<void> {
  const lanes = new Map<string, Lane>();
  const ready = new Fifo<Lane>();
  let buffered = 0;
  let active = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  const runLane = async (lane: Lane) => {
    const item = lane.items.shift()!;
    buffered -= 1;
    try {
      if (!options.signal.aborted) await send(item);
    } catch (error) {
      failure ??= error;
    }
    active -= 1;
    lane.running = false;
    if (lane.items.length > 0) enqueue(lane);
    else lanes.delete(lane.key);
    pump();
    notify();
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
      void runLane(lane);
    }
  };

  for await (const item of source) {
    if (options.signal.aborted || failure !== undefined) break;
    let lane = lanes.get(item.lane);
    if (!lane) {
      lane = { key: item.lane, items: new Fifo(), running: false, queued: false };
      lanes.set(item.lane, lane);
    }
    lane.items.push(item);
    buffered += 1;
    if (!lane.running && !lane.queued) enqueue(lane);
    pump();
    while (buffered + active >= options.readAhead && !options.signal.aborted && failure === undefined)
      await new Promise<void>((resolve) => (wake = resolve));
  }
  while (active > 0 || (ready.length > 0 && !options.signal.aborted && failure === undefined)) {
    pump();
    await new Promise<void>((resolve) => (wake = resolve));
  }
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error("replay sender failed", { cause: failure });
}
