import { describe, expect, it } from "vitest";
import { IdentityMapSchema, resolveJob } from "./identity-map.ts";

const map = IdentityMapSchema.parse({
  headers: { job: "x-buildkite-job-id", build: "x-buildkite-build-number" },
  consumers: {
    "pipeline-docs": {
      organization: "acme-inc",
      pipeline: "docs-site",
      build: 1,
      branch: "main",
      commit: "1a2b3c4d",
    },
  },
  routes: { deploy: { step: "deploy" } },
});

describe("resolveJob", () => {
  it("merges defaults < route < consumer < headers", () => {
    const resolved = resolveJob(
      {
        headers: { "x-buildkite-job-id": "j-1", "x-buildkite-build-number": "12" },
        consumer: { username: "pipeline-docs" },
        route: "deploy",
      },
      map,
    );
    expect(resolved.job).toEqual({
      organization: "acme-inc",
      pipeline: "docs-site",
      build: 12,
      job: "j-1",
      step: "deploy",
      branch: "main",
      tag: null,
      commit: "1a2b3c4d",
    });
  });

  it("derives a stable job id when none is sent, and treats no organization/pipeline as anonymous", () => {
    const a = resolveJob({ headers: {}, consumer: { username: "pipeline-docs" } }, map);
    const b = resolveJob({ headers: {}, consumer: { username: "pipeline-docs" } }, map);
    expect(a.job?.job).toBe(b.job?.job);
    expect(resolveJob({ headers: {} }, map)).toEqual({});
  });

  it("says which fields an incomplete mapping lacks", () => {
    const partial = IdentityMapSchema.parse({
      consumers: { c: { organization: "acme-inc", pipeline: "p" } },
    });
    expect(resolveJob({ headers: {}, consumer: { username: "c" } }, partial)).toEqual({
      problem: "the Buildkite identity of c lacks build, branch, commit: add them to the identity map",
    });
  });
});
