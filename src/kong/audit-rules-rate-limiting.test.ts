import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { auditKongConfig } from "./audit.ts";
import { findingsOf, oneRoute, summaryOf } from "./audit-fixtures.test-support.ts";
import { parseDeclarativeConfig } from "./declarative.ts";
import type { KongDocument } from "./entities.ts";

const clusterDoc = parse(
  readFileSync(new URL("../../fixtures/kong/audit/rate-limiting-cluster.yml", import.meta.url), "utf8"),
) as KongDocument;

const rateLimiting = (config: Record<string, unknown>) =>
  oneRoute([{ name: "rate-limiting", config: { minute: 60, ...config } }]);

describe("rate-limiting rules", () => {
  it("reports policy cluster (refused by DB-less Kong) for every instance, disabled ones included", () => {
    const f = findingsOf(clusterDoc, "rate-limiting-cluster-policy-dbless");
    expect(summaryOf(f)).toEqual([
      "high rate-limiting-cluster-policy-dbless @ plugin rate-limiting on route builds",
      "high rate-limiting-cluster-policy-dbless @ plugin rate-limiting on service builds",
    ]);
    expect(f[0]!.kongBehaviour).toContain("assumed policy local");
  });

  it("keeps auditing the rest of a refused document without changing the caller's document", () => {
    const before = structuredClone(clusterDoc);
    const ids = auditKongConfig(clusterDoc).map((f) => f.id);
    expect(ids).toContain("jwt-exp-not-verified");
    expect(clusterDoc).toEqual(before);
  });

  it("reports policy cluster in an already normalized config too", () => {
    const normalized = parseDeclarativeConfig(rateLimiting({ policy: "local" }));
    const plugins = normalized.plugins.map((p) => ({ ...p, config: { ...p.config, policy: "cluster" } }));
    const f = auditKongConfig({ ...normalized, plugins }).filter(
      (x) => x.id === "rate-limiting-cluster-policy-dbless",
    );
    expect(summaryOf(f)).toEqual([
      "high rate-limiting-cluster-policy-dbless @ plugin rate-limiting on route api",
    ]);
    expect(f[0]!.kongBehaviour).not.toContain("assumed");
  });

  it("reports policy redis without a host as medium", () => {
    expect(
      summaryOf(findingsOf(rateLimiting({ policy: "redis" }), "rate-limiting-redis-without-host")),
    ).toEqual(["medium rate-limiting-redis-without-host @ plugin rate-limiting on route api"]);
    expect(
      findingsOf(
        rateLimiting({ policy: "redis", redis: { port: 6379 } }),
        "rate-limiting-redis-without-host",
      ),
    ).toHaveLength(1);
  });

  it("accepts redis.host, the deprecated redis_host shorthand, and policy local", () => {
    for (const config of [
      { policy: "redis", redis: { host: "redis.internal" } },
      { policy: "redis", redis_host: "redis.internal" },
      {},
    ]) {
      const doc = rateLimiting(config);
      expect(findingsOf(doc, "rate-limiting-redis-without-host")).toEqual([]);
      expect(findingsOf(doc, "rate-limiting-cluster-policy-dbless")).toEqual([]);
    }
  });
});
