import { describe, expect, it } from "vitest";
import type { CaptureEntry } from "../traffic/capture-reader.ts";
import type { CaptureRecord } from "../traffic/capture-schema.ts";
import { scheduleCapture, type Pacing } from "./schedule.ts";

const job = (id: string) => ({
  organization: "acme-inc",
  pipeline: "payments-api",
  build: 1,
  job: id,
  step: "test",
  branch: "main",
  tag: null,
  commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
});

const record = (at: string, jobId: string | undefined): CaptureRecord => ({
  v: 1,
  at,
  method: "GET",
  path: "/x",
  query: "",
  headers: {},
  ...(jobId ? { job: job(jobId) } : {}),
  source: "fixture",
});

/** The entries in batches of one and two, as a file read in chunks delivers them. */
async function* stream(entries: CaptureEntry[]) {
  for (let i = 0, size = 1; i < entries.length; i += size, size = 3 - size)
    yield await Promise.resolve(entries.slice(i, i + size));
}

async function plan(entries: CaptureEntry[], pacing: Pacing) {
  const out = [];
  for await (const batch of scheduleCapture(stream(entries), pacing)) out.push(...batch);
  return out;
}

describe("scheduleCapture", () => {
  const entries = [
    { line: 1, record: record("2026-11-20T09:30:00.000Z", "a") },
    { line: 2, record: record("2026-11-20T09:30:01.000Z", "b") },
    { line: 3, record: record("2026-11-20T09:29:59.000Z", "a") },
    { line: 4, record: record("2026-11-20T09:30:02.000Z", undefined) },
  ];

  it("recorded: keeps recorded gaps divided by speed; a record stamped before the first goes at 0", async () => {
    expect((await plan(entries, { mode: "recorded", speed: 2 })).map((s) => s.intendedAtMs)).toEqual([
      0, 500, 0, 1000,
    ]);
  });

  it("rate: one arrival every 1/rate seconds, whatever the recorded times", async () => {
    expect((await plan(entries, { mode: "rate", perSecond: 4 })).map((s) => s.intendedAtMs)).toEqual([
      0, 250, 500, 750,
    ]);
  });

  it("puts each Buildkite job on its own lane; a record without a job gets a lane of its own", async () => {
    const lanes = (await plan(entries, { mode: "max", lanes: 2 })).map((s) => s.lane);
    expect(lanes).toEqual(["a", "b", "a", "line-4"]);
  });
});
