import type { AuditFinding } from "../kong/audit-types.ts";
import type { ScenarioResult } from "./types.ts";

/**
 * High and critical audit findings that no forged case of this run demonstrated: a "ready" verdict only
 * covers what was sent, so the summary says which weaknesses the scenario did not put to the test.
 */
export function untestedSevereFindings(result: ScenarioResult): AuditFinding[] {
  const sent = new Set(result.forged.map((f) => f.case));
  return result.audit.filter(
    (f) =>
      (f.severity === "high" || f.severity === "critical") && !f.demonstratedBy.some((id) => sent.has(id)),
  );
}

export function untestedFindingsNote(result: ScenarioResult): string[] {
  const untested = untestedSevereFindings(result);
  if (untested.length === 0) return [];
  const cases = [...new Set(untested.flatMap((f) => f.demonstratedBy))];
  const suggestion =
    cases.length > 0 ? ` Add \`${cases.join("`, `")}\` to \`forged.cases\` to test them.` : "";
  return [
    "",
    `> The Kong config audit reports ${untested.length} high or critical finding(s) that no forged case of this run demonstrated (see "Kong config audit" below).${suggestion}`,
  ];
}
