import { describe, expect, it } from "vitest";
import type { CaptureEntry } from "../traffic/capture-reader.ts";
import { runLanes } from "./lanes.ts";
import type { ScheduledRequest } from "./schedule.ts";

function item(line: number, lane: string): ScheduledRequest {
  return { entry: { line } as CaptureEntry, intendedAtMs: 0, lane };
}

/** The items in batches of one to three, as a capture read in chunks delivers them. */
async function* source(items: ScheduledRequest[], onRead?: () => void) {
  for (let at = 0, size = 1; at < items.length; at += size, size = (size % 3) + 1) {
    const batch = items.slice(at, at + size);
    for (const _ of batch) onRead?.();
    yield await Promise.resolve(batch);
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A sender written as an async function, adapted to runLanes' `done` callback. */
const sending =
  (send: (item: ScheduledRequest) => Promise<void>) =>
  (i: ScheduledRequest, done: (error?: unknown) => void) =>
    void send(i).then(() => done(), done);

describe("runLanes (the job model)", () => {
  it("keeps each job's requests in order and never runs two of one job at once", async () => {
    const items = [item(1, "a"), item(2, "b"), item(3, "a"), item(4, "c"), item(5, "a"), item(6, "b")];
    const running = new Set<string>();
    const order: number[] = [];
    await runLanes(
      source(items),
      { concurrency: 8, readAhead: 100, signal: new AbortController().signal },
      sending(async (i) => {
        expect(running.has(i.lane)).toBe(false);
        running.add(i.lane);
        await tick();
        order.push(i.entry.line);
        running.delete(i.lane);
      }),
    );
    const lanesOrder = (lane: string) =>
      order.filter((line) => items.find((i) => i.entry.line === line)?.lane === lane);
    expect(lanesOrder("a")).toEqual([1, 3, 5]);
    expect(lanesOrder("b")).toEqual([2, 6]);
    expect(order).toHaveLength(6);
  });

  it("closed model: at most `concurrency` in flight; jobs take turns", async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 40 }, (_, i) => item(i + 1, `job-${i % 10}`));
    await runLanes(
      source(items),
      { concurrency: 3, readAhead: 12, signal: new AbortController().signal },
      sending(async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await tick();
        inFlight -= 1;
      }),
    );
    expect(peak).toBe(3);
  });

  it("reads ahead at most `readAhead` requests (bounded memory)", async () => {
    let read = 0;
    let maxAhead = 0;
    let done = 0;
    const items = Array.from({ length: 200 }, (_, i) => item(i + 1, `job-${i % 50}`));
    await runLanes(
      source(items, () => {
        read += 1;
        maxAhead = Math.max(maxAhead, read - done);
      }),
      { concurrency: 4, readAhead: 16, signal: new AbortController().signal },
      sending(async () => {
        await tick();
        done += 1;
      }),
    );
    expect(done).toBe(200);
    // The reader stops at 16 held; a batch it has already read (at most 3 here) is held whole.
    expect(maxAhead).toBeLessThanOrEqual(16 + 2);
  });

  it("stops sending once aborted", async () => {
    const controller = new AbortController();
    let sent = 0;
    const items = Array.from({ length: 100 }, (_, i) => item(i + 1, "a"));
    await runLanes(
      source(items),
      { concurrency: 1, readAhead: 4, signal: controller.signal },
      sending(async () => {
        sent += 1;
        if (sent === 3) controller.abort();
        await tick();
      }),
    );
    expect(sent).toBe(3);
  });

  it("stops the run with the first error a sender reports, after what is in flight finishes", async () => {
    const items = Array.from({ length: 20 }, (_, i) => item(i + 1, `job-${i % 4}`));
    let sent = 0;
    const run = runLanes(
      source(items),
      { concurrency: 2, readAhead: 8, signal: new AbortController().signal },
      (i, done) => {
        sent += 1;
        setImmediate(() => (i.entry.line === 3 ? done(new Error("observer failed")) : done()));
      },
    );
    await expect(run).rejects.toThrow("observer failed");
    expect(sent).toBeLessThan(20);
  });
});
