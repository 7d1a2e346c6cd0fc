import { describe, expect, it } from "vitest";
import { createIssuer } from "../identity/index.ts";
import { containsSecret } from "../redact.ts";
import { capBody, jobFromToken, sanitizeRequest } from "./credentials.ts";

const issuer = createIssuer();
const job = {
  organization: "acme-inc",
  pipeline: "payments-api",
  buildNumber: 4182,
  jobId: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
  stepKey: null,
  branch: "v2.3.0",
  tag: "v2.3.0",
  commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
};
const token = issuer.mint({ job });

describe("sanitizeRequest", () => {
  it("turns credentials into descriptors and drops them from headers and the query", () => {
    const clean = sanitizeRequest(
      {
        Authorization: `Bearer ${token}`,
        Cookie: "s=1",
        "X-Api-Key": "k",
        "X-Other": `see ${token}`,
        Accept: "*/*",
      },
      `a=1&jwt=${token}`,
      { credentialHeaders: ["x-api-key"] },
    );
    expect(clean.headers).toEqual({ accept: "*/*" });
    expect(clean.query).toBe("a=1");
    expect(clean.auth.map((a) => a.from)).toEqual([
      "authorization",
      "cookie",
      "x-api-key",
      "x-other",
      "query:jwt",
    ]);
    expect(clean.auth[0]).toMatchObject({
      scheme: "Bearer",
      token: { kind: "jwt", alg: "RS256", kid: issuer.kid, lifetimeSec: 300 },
    });
    expect(clean.auth[1]?.token).toBeUndefined();
    expect(containsSecret(JSON.stringify({ h: clean.headers, q: clean.query, a: clean.auth }))).toBe(false);
  });

  it("reads the Buildkite job from the token's claims (build_tag, null step_key)", () => {
    expect(jobFromToken(token)).toEqual({
      organization: "acme-inc",
      pipeline: "payments-api",
      build: 4182,
      job: job.jobId,
      step: null,
      branch: "v2.3.0",
      tag: "v2.3.0",
      commit: job.commit,
    });
    expect(jobFromToken("not.a.token")).toBeUndefined();
  });
});

describe("capBody", () => {
  it("cuts at the cap, keeps the original size, and redacts tokens in text bodies", () => {
    expect(capBody(Buffer.from("hello"), 3)).toEqual({
      body: Buffer.from("hel").toString("base64"),
      bodyBytes: 5,
    });
    expect(capBody(Buffer.alloc(0), 3)).toEqual({});
    const stored = capBody(Buffer.from(`{"token":"${token}"}`), 10_000).body!;
    expect(Buffer.from(stored, "base64").toString()).toBe('{"token":"[redacted token]"}');
  });
});
