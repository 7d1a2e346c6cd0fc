import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../src/log.ts";
import type { ScenarioResult } from "../src/report/types.ts";
import { run, type RunSummary } from "../src/run/run.ts";

const root = path.resolve(import.meta.dirname, "..");

/** The whole slice on loopback: scenario → patched config → embedded gateway + mocks → replay, fault,
 * forged tokens, bench → checks → verdict → reports. */
describe("the example scenario, end to end on the embedded gateway", () => {
  let summary: RunSummary;
  let result: ScenarioResult;
  let out: string;

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), "sg-slice-"));
    summary = await run({
      scenarios: [path.join(root, "scenarios/acme-buildkite.yaml")],
      out,
      logger: silentLogger,
    });
    result = summary.outcomes[0]!.result;
  }, 60_000);

  it("is ready, exit 0", () => {
    const failed = result.checks.filter((c) => c.status === "fail");
    expect(failed).toEqual([]);
    expect(result.verdict).toBe("ready");
    expect(summary.exitCode).toBe(0);
  });

  it("replays every captured request with re-minted tokens that Kong's jwt accepts", () => {
    expect(result.traffic.sent).toBe(12);
    expect(result.traffic.byOutcome.accepted).toBeGreaterThanOrEqual(8);
    expect(result.traffic.tokensMinted).toBeGreaterThanOrEqual(4);
    expect(result.identity.swappedCredentials).toEqual(["https://agent.buildkite.com"]);
    expect(result.identity.kid).toMatch(/^[0-9a-f]{64}$/);
  });

  it("rejects every forged token and never lets one reach the upstream", () => {
    expect(result.forged.map((f) => f.case)).toEqual(["alg-none", "untrusted-key", "expired"]);
    for (const forged of result.forged) {
      expect(forged.status).toBe(401);
      expect(forged.upstreamHit).toBe(false);
    }
  });

  it("observes the blocked route and its recovery through POST /config", () => {
    const byId = new Map(result.checks.map((c) => [c.id, c.status]));
    expect(byId.get("fault.block-deploy.applied")).toBe("pass");
    expect(byId.get("fault.block-deploy.recovered")).toBe("pass");
    expect(result.traffic.byOutcome.faulted).toBeGreaterThanOrEqual(1);
    const fault = result.faults[0]!;
    expect(fault.phase).toBe("reverted");
    expect(fault.revertedAtMs! - fault.appliedAtMs!).toBeGreaterThanOrEqual(1400);
  });

  it("benchmarks baseline, valid and forged series in microseconds", () => {
    expect(result.bench.map((b) => b.series)).toEqual(["baseline", "valid", "forged"]);
    for (const series of result.bench) {
      expect(series.requests).toBeGreaterThan(0);
      expect(series.latencyUs.p50).toBeGreaterThan(0);
      expect(series.latencyUs.p99).toBeGreaterThanOrEqual(series.latencyUs.p50);
      expect(series.histogram.length).toBeGreaterThan(10);
    }
    expect(Object.keys(result.bench[2]!.statusCounts)).toEqual(["401"]);
  });

  it("writes result.json, summary.md and junit.xml without any token or key in them", () => {
    const dir = path.join(out, "acme-buildkite");
    const json = readFileSync(path.join(dir, "result.json"), "utf8");
    const md = readFileSync(path.join(dir, "summary.md"), "utf8");
    const junit = readFileSync(path.join(dir, "junit.xml"), "utf8");
    expect(junit).toMatch(/<testcase classname="shadowgate.acme-buildkite" name="forged.expired"/);
    expect(JSON.parse(json)).toMatchObject({
      schemaVersion: 1,
      verdict: "ready",
      target: { kind: "embedded" },
    });
    expect(md).toContain("**ready**");
    for (const text of [json, md, junit]) {
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]*\./);
      expect(text).not.toMatch(/PRIVATE KEY/);
    }
  });
});
