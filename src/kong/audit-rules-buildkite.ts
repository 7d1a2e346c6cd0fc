/**
 * Rule: a jwt plugin keyed on iss with a credential keyed on Buildkite's issuer accepts every Buildkite
 * organization's tokens (kong.md §1.4 d-e; buildkite.md §1.4: one iss and one signing key for all).
 */
import { BUILDKITE_ISSUER, finding, RULES } from "./audit-catalogue.ts";
import { isTerminated, type AuditModel } from "./audit-model.ts";
import { jwtSettings } from "./audit-plugin-config.ts";
import type { AuditFinding } from "./audit-types.ts";

/**
 * Plugins that can run custom checks on claims or callers. The audit cannot read their code, so their
 * presence lowers the finding to high: a run of the other-organization case decides.
 */
const POSSIBLE_MITIGATIONS = ["pre-function", "post-function", "ip-restriction"] as const;

export function buildkiteIssuerFindings(model: AuditModel): AuditFinding[] {
  // HS* credentials are verified with `secret`, never Buildkite's RSA key, so only asymmetric ones match.
  const shared = model.config.jwt_secrets.filter(
    (s) => s.key === BUILDKITE_ISSUER && !s.algorithm.startsWith("HS"),
  );
  if (shared.length === 0) return [];
  return model.routes.flatMap((route) => {
    const plugins = model.effectivePlugins(route);
    const jwt = plugins.get("jwt");
    if (!jwt || isTerminated(plugins) || jwtSettings(jwt).keyClaimName !== "iss") return [];
    const mitigations = POSSIBLE_MITIGATIONS.filter((name) => plugins.has(name));
    const entity = `route ${model.routeName(route)} (${model.describePlugin(jwt)})`;
    if (mitigations.length === 0) return [finding(RULES.jwtBuildkiteIssShared, entity)];
    return [
      finding(RULES.jwtBuildkiteIssShared, entity, {
        severity: "high",
        kongBehaviour: `${RULES.jwtBuildkiteIssShared.kongBehaviour}; ${mitigations.join(", ")} on this route may add a check the audit cannot read, so only a run of the cases below decides`,
      }),
    ];
  });
}
