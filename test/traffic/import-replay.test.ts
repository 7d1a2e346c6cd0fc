import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CaptureRecord } from "../../src/traffic/capture-schema.ts";
import { readCapture } from "../../src/traffic/capture-reader.ts";
import { loadIdentityMap } from "../../src/traffic/identity-map.ts";
import { importCapture } from "../../src/traffic/import/import-capture.ts";
import { fixture, runScenarioFile, scenarioFor, tempDir } from "./support.ts";

async function records(file: string): Promise<CaptureRecord[]> {
  const out: CaptureRecord[] = [];
  for await (const { record } of readCapture(file)) out.push(record);
  return out;
}

const PAY_JOB = "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f";
const DOCS_JOB = "019b7a42-7e88-4f90-b122-3c4d5e6f7081";

describe("Kong file-log → capture → replay through the embedded gateway", () => {
  const dir = tempDir("sg-import-kong-");
  const capture = path.join(dir, "kong.ndjson");

  it("imports each record with the identity of its Kong consumer and job header", async () => {
    const summary = await importCapture({
      format: "kong-log",
      files: [fixture("captures", "kong-file-log.ndjson")],
      out: capture,
      identity: loadIdentityMap(fixture("captures", "kong-identity.yaml")),
    });
    expect(summary).toMatchObject({ records: 8, withJob: 7, skipped: 0 });
    const list = await records(capture);
    expect(list.map((r) => r.job?.pipeline ?? null)).toEqual([
      "payments-api",
      "payments-api",
      "web-frontend",
      "docs-site",
      "docs-site",
      null,
      "web-frontend",
      "payments-api",
    ]);
    expect(list[0]).toMatchObject({
      at: "2026-11-20T09:30:00.000Z",
      method: "GET",
      path: "/artifacts/payments-api/4182/manifest.json",
      job: { job: PAY_JOB, build: 4182, step: "test", branch: "main" },
      auth: [{ from: "authorization" }],
      response: { status: 200, latencyMs: 14 },
      source: "kong-log",
    });
    expect(list[3]).toMatchObject({ query: "pipeline=docs-site", job: { job: DOCS_JOB, step: null } });
    expect(list[0]?.headers.authorization).toBeUndefined();
    // No job header on the last record: a stable id derived from the build, so its requests share a lane.
    expect(list[7]?.job?.job).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8/);
  });

  it("replays with minted tokens that carry each record's pipeline: every outcome matches production", async () => {
    const { result, summary } = await runScenarioFile(scenarioFor(dir, capture), path.join(dir, "reports"));
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(summary.exitCode).toBe(0);
    expect(result.traffic.sent).toBe(8);
    expect(result.traffic.diff?.totals).toEqual({
      same: 8,
      "newly-rejected": 0,
      "newly-accepted": 0,
      other: 0,
    });
    const groups = result.traffic.diff!.groups.map((g) => `${g.route} ${g.pipeline}`).sort();
    expect(groups).toContain("/deploy docs-site");
    expect(groups).toContain("/deploy (no job)");
  }, 30_000);

  it("a wrong identity shows as a newly accepted request (docs-site may not deploy)", async () => {
    const map = loadIdentityMap(fixture("captures", "kong-identity.yaml"));
    const wrong = path.join(dir, "wrong.ndjson");
    await importCapture({
      format: "kong-log",
      files: [fixture("captures", "kong-file-log.ndjson")],
      out: wrong,
      identity: {
        ...map,
        consumers: { ...map.consumers, "pipeline-docs-site": map.consumers["pipeline-web-frontend"]! },
      },
    });
    const { result } = await runScenarioFile(
      scenarioFor(dir, wrong, "wrong-identity"),
      path.join(dir, "reports"),
    );
    expect(result.verdict).toBe("not-ready");
    expect(result.traffic.diff?.totals["newly-accepted"]).toBe(1);
    const md = readFileSync(path.join(dir, "reports", "wrong-identity", "summary.md"), "utf8");
    expect(md).toMatch(/\| `\/deploy` \| web-frontend \| \d+ \| 0 \| \*\*1\*\* \|/);
  }, 30_000);
});

describe("HAR 1.2 → capture → replay through the embedded gateway", () => {
  const dir = tempDir("sg-import-har-");
  const capture = path.join(dir, "har.ndjson");

  it("imports entries with the job read from each Buildkite token, storing only descriptors", async () => {
    const summary = await importCapture({
      format: "har",
      files: [fixture("captures", "buildkite-jobs.har")],
      out: capture,
    });
    expect(summary).toMatchObject({ records: 7, withJob: 6, skipped: 0 });
    const list = await records(capture);
    expect(list[1]).toMatchObject({
      method: "POST",
      path: "/deploy/staging",
      job: { organization: "acme-inc", pipeline: "docs-site", build: 12, job: DOCS_JOB, step: null },
      auth: [
        {
          from: "authorization",
          scheme: "Bearer",
          token: { kind: "jwt", alg: "RS256", pipeline: "docs-site", lifetimeSec: 300 },
        },
      ],
      response: { status: 403, latencyMs: 3 },
      source: "har",
    });
    expect(Buffer.from(list[2]!.body!, "base64").toString()).toBe('{"build":917,"step":"deploy"}');
    expect(list[4]?.job).toBeUndefined();
    expect(list[5]?.auth?.map((a) => a.from)).toEqual(["cookie", "authorization"]);
    expect(list[5]?.headers.cookie).toBeUndefined();
    expect(list[6]?.response).toBeUndefined(); // HAR status 0: no response was recorded
  });

  it("replays every entry with the outcome production recorded", async () => {
    const { result } = await runScenarioFile(
      scenarioFor(dir, capture, "imported-har"),
      path.join(dir, "reports"),
    );
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(result.verdict).toBe("ready");
    expect(result.traffic.sent).toBe(7);
    expect(result.traffic.diff?.totals.same).toBe(6);
  }, 30_000);
});
