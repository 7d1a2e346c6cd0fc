/**
 * Static audit of a Kong 3.9.3 declarative config for Buildkite OIDC traffic: is it safe to put between
 * pipelines and internal APIs? Pure: config in, findings out (most severe first). Each finding cites the
 * Kong behaviour behind it (kong.md) and the forged-token cases that demonstrate it in a run.
 *
 * @example
 * const findings = auditKongConfig(loadKongFile("kong.yml"), { restrictedRoutes: ["deploy"], source: "kong.yml" });
 * process.stdout.write(renderAuditText(findings));
 */
import { RULES } from "./audit-catalogue.ts";
import { buildAuditModel } from "./audit-model.ts";
import { normalizeForAudit } from "./audit-raw.ts";
import { buildkiteIssuerFindings } from "./audit-rules-buildkite.ts";
import { jwtConfigFindings, jwtSecretFindings, keyAuthConfigFindings } from "./audit-rules-jwt.ts";
import { rateLimitingFindings } from "./audit-rules-rate-limiting.ts";
import {
  anonymousConsumerFindings,
  anonymousFallbackFindings,
  restrictedRouteFindings,
  unauthenticatedTwinFindings,
} from "./audit-rules-routes.ts";
import {
  SEVERITIES,
  type AuditFinding,
  type AuditOptions,
  type AuditRule,
  type Severity,
} from "./audit-types.ts";
import type { KongDocument } from "./entities.ts";
import type { NormalizedConfig } from "./types.ts";

export type { AuditFinding, AuditOptions, AuditRule, Severity } from "./audit-types.ts";

/** Every rule, for docs and `--list`; `severity` is the most severe the rule reports. */
export const AUDIT_RULES: readonly AuditRule[] = Object.freeze(
  Object.values(RULES).map(({ id, severity, description }) => ({ id, severity, description })),
);

/**
 * Audits a normalized config (from `parseDeclarativeConfig`) or a raw declarative document (nested or
 * top-level shape). A raw document Kong would refuse throws SG_KONG_CONFIG_INVALID, except for the
 * refusals the audit reports as findings (rate-limiting policy cluster).
 */
export function auditKongConfig(
  config: NormalizedConfig | KongDocument,
  options: AuditOptions = {},
): AuditFinding[] {
  const { config: normalized, refusals } = isNormalized(config)
    ? { config, refusals: [] }
    : normalizeForAudit(config, options.source);
  const model = buildAuditModel(normalized);
  const findings = [
    ...refusals,
    ...jwtConfigFindings(model),
    ...keyAuthConfigFindings(model),
    ...jwtSecretFindings(model),
    ...buildkiteIssuerFindings(model),
    ...restrictedRouteFindings(model, options.restrictedRoutes ?? []),
    ...anonymousFallbackFindings(model),
    ...anonymousConsumerFindings(model),
    ...unauthenticatedTwinFindings(model),
    ...rateLimitingFindings(model),
  ];
  return findings.sort(bySeverityThenId);
}

export function severityAtLeast(finding: AuditFinding, min: Severity): boolean {
  return SEVERITIES.indexOf(finding.severity) >= SEVERITIES.indexOf(min);
}

function bySeverityThenId(a: AuditFinding, b: AuditFinding): number {
  const bySeverity = SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity);
  if (bySeverity !== 0) return bySeverity;
  return compare(a.id, b.id) || compare(a.entity, b.entity);
}

/** Code-unit order, not locale order: the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNormalized(config: NormalizedConfig | KongDocument): config is NormalizedConfig {
  return (
    config["formatVersion"] === "3.0" &&
    Array.isArray(config["jwt_secrets"]) &&
    typeof config["hash"] === "string"
  );
}
