import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { FORGED_CASES } from "../identity/forge/catalogue.ts";
import { AUDIT_RULES, auditKongConfig, severityAtLeast, type AuditFinding } from "./audit.ts";
import { RULES } from "./audit-catalogue.ts";
import { summaryOf } from "./audit-fixtures.test-support.ts";
import { parseDeclarativeConfig } from "./declarative.ts";
import { loadKongFile } from "./load-file.ts";

const fixture = (name: string) =>
  loadKongFile(new URL(`../../fixtures/kong/${name}`, import.meta.url).pathname);
const ISS_RULE = "jwt-buildkite-iss-shared-across-organizations";

describe("auditKongConfig over the shipped fixtures", () => {
  it("acme-buildkite.yml: only the shared-iss credential and the unauthenticated bench twin", () => {
    expect(summaryOf(auditKongConfig(fixture("acme-buildkite.yml")))).toEqual([
      `critical ${ISS_RULE} @ route artifacts (plugin jwt on route artifacts)`,
      `critical ${ISS_RULE} @ route deploy (plugin jwt on route deploy)`,
      "medium route-unauthenticated-twin @ route artifacts-baseline",
    ]);
  });

  it("acme-buildkite.yml with deploy restricted by the access matrix: deploy has no acl", () => {
    const ids = auditKongConfig(fixture("acme-buildkite.yml"), { restrictedRoutes: ["deploy"] }).map(
      (f) => f.id,
    );
    expect(ids).toContain("restricted-route-without-acl");
  });

  it("weak-no-exp.yml: exp, nbf and maximum_expiration unchecked on both jwt routes", () => {
    expect(summaryOf(auditKongConfig(fixture("weak-no-exp.yml")))).toEqual([
      `critical ${ISS_RULE} @ route artifacts (plugin jwt on route artifacts)`,
      `critical ${ISS_RULE} @ route deploy (plugin jwt on route deploy)`,
      "high jwt-exp-not-verified @ plugin jwt on route artifacts",
      "high jwt-exp-not-verified @ plugin jwt on route deploy",
      "medium jwt-no-maximum-expiration @ plugin jwt on route artifacts",
      "medium jwt-no-maximum-expiration @ plugin jwt on route deploy",
      "medium route-unauthenticated-twin @ route artifacts-baseline",
      "low jwt-nbf-not-verified @ plugin jwt on route artifacts",
      "low jwt-nbf-not-verified @ plugin jwt on route deploy",
    ]);
  });

  it("audit/hardened.yml: a config that follows every fix has no findings", () => {
    expect(
      auditKongConfig(fixture("audit/hardened.yml"), { restrictedRoutes: ["deploy", "deploy-status"] }),
    ).toEqual([]);
  });

  it("gives the same findings for the raw document and its normalized form", () => {
    const raw = fixture("weak-no-exp.yml");
    expect(auditKongConfig(parseDeclarativeConfig(raw))).toEqual(auditKongConfig(raw));
  });

  it("throws Kong's config error for a document Kong refuses for other reasons", () => {
    let error: unknown;
    try {
      auditKongConfig(
        {
          _format_version: "3.0",
          plugins: [{ name: "jwt", config: { maximum_expiration: 60, claims_to_verify: ["nbf"] } }],
        },
        { source: "kong.yml" },
      );
    } catch (e) {
      error = e;
    }
    expect(isShadowgateError(error, "SG_KONG_CONFIG_INVALID")).toBe(true);
  });
});

describe("ordering and severity", () => {
  const f = (id: string, severity: AuditFinding["severity"], entity = "e"): AuditFinding => ({
    id,
    severity,
    entity,
    title: "t",
    kongBehaviour: "k",
    fix: "f",
    demonstratedBy: [],
  });

  it("sorts by severity (most severe first), then id, then entity", () => {
    const findings = auditKongConfig(fixture("weak-no-exp.yml"));
    const ranks = findings.map((x) => ["info", "low", "medium", "high", "critical"].indexOf(x.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
  });

  it("severityAtLeast compares by rank", () => {
    expect(severityAtLeast(f("a", "high"), "medium")).toBe(true);
    expect(severityAtLeast(f("a", "medium"), "medium")).toBe(true);
    expect(severityAtLeast(f("a", "low"), "medium")).toBe(false);
    expect(severityAtLeast(f("a", "critical"), "critical")).toBe(true);
    expect(severityAtLeast(f("a", "info"), "low")).toBe(false);
  });
});

describe("AUDIT_RULES", () => {
  it("lists unique kebab-case ids with a description each", () => {
    const ids = AUDIT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of AUDIT_RULES) {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.description.length).toBeGreaterThan(20);
    }
  });

  it("names only forged cases that exist in the catalogue, and cites kong.md in every rule", () => {
    const known = new Set(FORGED_CASES.map((c) => c.id));
    for (const rule of Object.values(RULES)) {
      for (const id of rule.demonstratedBy) expect(known, `${rule.id} → ${id}`).toContain(id);
      expect(rule.kongBehaviour).toMatch(/^kong\.md §\d/);
    }
  });

  it("names, for exp not verified, cases whose Kong caveat is the unchecked exp", () => {
    for (const id of RULES.jwtExpNotVerified.demonstratedBy) {
      expect(FORGED_CASES.find((c) => c.id === id)?.kongCaveat).toMatch(/claims_to_verify is unset/);
    }
  });
});
