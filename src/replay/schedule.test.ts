import { describe, expect, it } from "vitest";
import type { CaptureRecord } from "../traffic/capture-schema.ts";
import { lanesOf, scheduleRecorded } from "./schedule.ts";

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

const record = (at: string, jobId: string): CaptureRecord => ({
  v: 1,
  at,
  method: "GET",
  path: "/x",
  query: "",
  headers: {},
  job: job(jobId),
  source: "fixture",
});

describe("scheduleRecorded", () => {
  const entries = [
    { line: 1, record: record("2026-11-20T09:30:00.000Z", "a") },
    { line: 2, record: record("2026-11-20T09:30:01.000Z", "b") },
    { line: 3, record: record("2026-11-20T09:30:02.000Z", "a") },
  ];

  it("keeps recorded gaps, divided by speed", () => {
    expect(scheduleRecorded(entries, 2).map((s) => s.intendedAtMs)).toEqual([0, 500, 1000]);
  });

  it("puts each Buildkite job on its own lane, in order", () => {
    const lanes = lanesOf(scheduleRecorded(entries, 1));
    expect(lanes.map((lane) => lane.map((s) => s.entry.line))).toEqual([[1, 3], [2]]);
  });
});
