/** Fixtures shared by this folder's tests (the job of buildkite.md §1.6 and a fixed clock). */
import type { Clock } from "../clock.ts";
import type { BuildkiteJob } from "./types.ts";

/** 2026-01-01T00:00:00Z */
export const FIXED_NOW_SEC = 1_767_225_600;

export const fixedClock = (nowSec = FIXED_NOW_SEC): Clock => ({
  nowMs: () => nowSec * 1000,
  monoNs: () => 0n,
});

export const SAMPLE_JOB: BuildkiteJob = {
  organization: "acme-inc",
  pipeline: "payments-api",
  buildNumber: 4182,
  jobId: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
  stepKey: "integration-tests",
  branch: "main",
  tag: null,
  commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
  agentId: "019b7a30-8e77-4b21-a0c4-1d2e3f4a5b6c",
  buildSource: "webhook",
  runnerEnvironment: "self-hosted",
};
