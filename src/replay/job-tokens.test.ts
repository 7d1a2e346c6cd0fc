import { describe, expect, it } from "vitest";
import type { Clock } from "../clock.ts";
import { createIssuer, decodeToken } from "../identity/index.ts";
import { createJobTokens, type TokenRefresh } from "./job-tokens.ts";

const job = {
  organization: "acme-inc",
  pipeline: "payments-api",
  build: 1,
  job: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
  step: "test",
  branch: "main",
  tag: null,
  commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
};

function setup(refresh: TokenRefresh) {
  let now = Date.parse("2026-11-20T09:30:00Z");
  const clock: Clock = { nowMs: () => now, monoNs: () => BigInt(now) * 1_000_000n };
  const tokens = createJobTokens(
    createIssuer({ clock }),
    { audience: undefined, lifetimeSec: 300, refresh },
    clock,
  );
  return { tokens, advance: (sec: number) => (now += sec * 1000) };
}

describe("job tokens: minted when the job starts, refreshed per the client policy", () => {
  it("before-expiry: reused within the lifetime, re-minted just before exp", () => {
    const { tokens, advance } = setup("before-expiry");
    const first = tokens.tokenFor(job);
    advance(200);
    expect(tokens.tokenFor(job)).toBe(first);
    advance(99);
    expect(tokens.tokenFor(job)).not.toBe(first);
    expect(tokens.mintedCount()).toBe(2);
  });

  it("never / on-401: keeps the expired token (expiry mid-job fails as it would live)", () => {
    for (const policy of ["never", "on-401"] as const) {
      const { tokens, advance } = setup(policy);
      const first = tokens.tokenFor(job);
      advance(600);
      expect(tokens.tokenFor(job)).toBe(first);
      expect(tokens.mintedCount()).toBe(1);
    }
  });

  it("refresh mints a new token for the job with the job's claims", () => {
    const { tokens, advance } = setup("on-401");
    tokens.tokenFor(job);
    advance(600);
    const fresh = tokens.refresh(job);
    expect(tokens.tokenFor(job)).toBe(fresh);
    expect(decodeToken(fresh).payload).toMatchObject({ job_id: job.job, pipeline_slug: "payments-api" });
  });

  it("bearer: signs a job's first token off the event loop, then serves it cached; fresh signs anew", async () => {
    const { tokens, advance } = setup("on-401");
    const signing = tokens.bearer(job, false);
    expect(signing).toBeInstanceOf(Promise);
    expect(tokens.bearer(job, false)).toBe(signing); // one signature per job, however often it asks
    const bearer = await signing;
    expect(tokens.bearer(job, false)).toBe(bearer);
    expect(bearer).toBe(`Bearer ${tokens.tokenFor(job)}`);
    expect(decodeToken(bearer.slice(7)).payload).toMatchObject({ job_id: job.job });
    advance(600);
    const fresh = await tokens.bearer(job, true);
    expect(fresh).not.toBe(bearer);
    expect(fresh).toBe(`Bearer ${tokens.tokenFor(job)}`);
    expect(tokens.mintedCount()).toBe(2);
  });
});
