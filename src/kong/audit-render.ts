/**
 * Plain-text rendering of audit findings for the terminal: one block per finding, most severe first (the
 * order `auditKongConfig` returns), then a count per severity. Returns a string; the CLI writes it.
 *
 * @example
 * process.stdout.write(renderAuditText(auditKongConfig(doc)));
 */
import { SEVERITIES, type AuditFinding } from "./audit-types.ts";

export function renderAuditText(findings: readonly AuditFinding[]): string {
  if (findings.length === 0) return "Kong config audit: no findings.\n";
  const blocks = findings.map(renderFinding);
  return `${blocks.join("\n")}\n${summary(findings)}\n`;
}

function renderFinding(f: AuditFinding): string {
  const lines = [
    `[${f.severity.toUpperCase()}] ${f.title} (${f.id})`,
    `  entity:  ${f.entity}`,
    `  kong:    ${f.kongBehaviour}`,
    `  fix:     ${f.fix}`,
    `  proof:   ${f.demonstratedBy.length === 0 ? "no forged case demonstrates this; review the config" : `forged cases ${f.demonstratedBy.join(", ")}`}`,
  ];
  return `${lines.join("\n")}\n`;
}

function summary(findings: readonly AuditFinding[]): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const noun = findings.length === 1 ? "finding" : "findings";
  return `Kong config audit: ${findings.length} ${noun} (${counts.join(", ")}).`;
}
