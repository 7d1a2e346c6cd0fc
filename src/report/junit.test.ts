import { describe, expect, it } from "vitest";
import { renderJunitXml } from "./junit.ts";
import type { ScenarioResult } from "./types.ts";

const result = (over: Partial<ScenarioResult>): ScenarioResult => ({
  schemaVersion: 1,
  scenario: { name: "acme", file: "s.yaml", kongConfig: "kong.yml", capture: "c.ndjson" },
  target: { kind: "embedded", name: "embedded", version: "3.9.3" },
  verdict: "not-ready",
  exitCode: 1,
  startedAt: "2026-11-28T00:00:00.000Z",
  durationMs: 1500,
  checks: [
    { id: "forged.alg-none", status: "pass", summary: "rejected with 401" },
    {
      id: "forged.expired",
      status: "fail",
      summary: "ACCEPTED: the gateway forwarded it upstream",
      evidence: ["status 200", "upstream SAW the request"],
    },
    { id: "fault.x.applied", status: "skip", summary: "not reached" },
  ],
  forged: [],
  traffic: { sent: 0, byOutcome: {}, byStatus: {}, tokensMinted: 0 },
  faults: [],
  bench: [],
  identity: { issuer: "https://agent.buildkite.com", kid: "k", swappedCredentials: [] },
  audit: [],
  ...over,
});

describe("junit.xml", () => {
  it("has one test case per check, failures carrying their evidence", () => {
    const xml = renderJunitXml(result({}));
    expect(xml).toMatch(
      /<testsuite name="shadowgate acme"[^>]* tests="3" failures="1" errors="0" skipped="1"/,
    );
    expect(xml).toMatch(
      /<testcase classname="shadowgate.acme" name="forged.expired"[^>]*>\s*<failure message="ACCEPTED/,
    );
    expect(xml).toContain("upstream SAW the request");
  });

  it("turns an incomplete run into an error, so CI never reads it as green", () => {
    const xml = renderJunitXml(
      result({
        verdict: "incomplete",
        checks: [],
        error: { code: "SG_RUN_INTERRUPTED", message: "stopped before the run finished" },
      }),
    );
    expect(xml).toMatch(/errors="1"/);
    expect(xml).toContain('name="run.complete"');
    expect(xml).toContain("SG_RUN_INTERRUPTED");
  });
});
