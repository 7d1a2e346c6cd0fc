import { formatUs } from "../verdict/thresholds.ts";
import type { CheckResult } from "../verdict/types.ts";
import { renderAccessMatrix } from "./access-table.ts";
import { untestedFindingsNote } from "./untested-findings.ts";
import { renderDiffTable } from "./diff-table.ts";
import { renderIdentitySection } from "./identity-section.ts";
import type { ScenarioResult } from "./types.ts";

const VERDICT_LINE = {
  ready: "✅ **ready**: every check passed",
  "not-ready": "❌ **not ready**: at least one check failed",
  incomplete: "⚠️ **incomplete**: the run did not finish, so it cannot be called ready",
} as const;

const STATUS_MARK = { pass: "pass", fail: "**FAIL**", skip: "skip" } as const;

/** summary.md: what a person reads in a Buildkite annotation or a PR comment. */
export function renderSummaryMarkdown(result: ScenarioResult): string {
  const lines: string[] = [
    `# shadowgate: ${result.scenario.name}`,
    "",
    VERDICT_LINE[result.verdict],
    "",
    `Target: ${result.target.kind} (${result.target.name} ${result.target.version}) · config \`${result.scenario.kongConfig}\` · ${(result.durationMs / 1000).toFixed(1)} s`,
  ];
  if (result.error) lines.push("", `> ${result.error.code}: ${result.error.message}`);
  lines.push(...untestedFindingsNote(result));
  const failed = result.checks.filter((c) => c.status === "fail");
  if (failed.length > 0) lines.push("", "## Failed checks", "", ...failed.flatMap(describeFailure));
  lines.push("", "## Checks", "", "| check | result | summary |", "| --- | --- | --- |");
  lines.push(
    ...result.checks.map((c) => `| \`${c.id}\` | ${STATUS_MARK[c.status]} | ${escape(c.summary)} |`),
  );
  if (result.forged.length > 0) {
    lines.push(
      "",
      "## Forged tokens",
      "",
      "| case | status | accepted | reached upstream |",
      "| --- | --- | --- | --- |",
    );
    lines.push(
      ...result.forged.map(
        (f) =>
          `| \`${f.case}\` | ${f.status} | ${f.accepted ? "**yes**" : "no"} | ${f.upstreamHit ? "**yes**" : "no"} |`,
      ),
    );
  }
  if (result.access) lines.push("", "## Access matrix", "", ...renderAccessMatrix(result.access));
  const outcomes = Object.entries(result.traffic.byOutcome).map(([k, v]) => `${k} ${v}`);
  lines.push(
    "",
    "## Traffic",
    "",
    `${result.traffic.sent} replayed requests: ${outcomes.join(", ") || "none"}.`,
  );
  lines.push(`${result.traffic.tokensMinted} tokens minted (never replayed from the capture).`);
  if (result.traffic.diff) lines.push("", "### Shadow diff", "", ...renderDiffTable(result.traffic.diff));
  if (result.faults.length > 0) {
    lines.push("", "## Faults", "");
    lines.push(
      ...result.faults.map(
        (f) => `- \`${f.id}\`: ${f.description}; ${f.phase}${f.error ? ` (${f.error})` : ""}`,
      ),
    );
  }
  if (result.bench.length > 0) {
    lines.push("", "## Latency (µs)", "", "| series | route | req/s | p50 | p90 | p99 | p99.9 | max |");
    lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
    lines.push(
      ...result.bench.map(
        (b) =>
          `| ${b.series} | \`${b.route}\` | ${b.rps.toFixed(0)} | ${b.latencyUs.p50} | ${b.latencyUs.p90} | ${b.latencyUs.p99} | ${b.latencyUs.p999} | ${b.latencyUs.max} |`,
      ),
    );
    const overhead = authOverhead(result);
    if (overhead) lines.push("", overhead);
  }
  if (result.audit.length > 0) {
    lines.push(
      "",
      "## Kong config audit",
      "",
      "| severity | finding | where | fix |",
      "| --- | --- | --- | --- |",
    );
    lines.push(
      ...result.audit.map(
        (f) => `| ${f.severity} | ${escape(f.title)} | ${escape(f.entity)} | ${escape(f.fix)} |`,
      ),
    );
  }
  lines.push(...renderIdentitySection(result.identity));
  if (result.target.limitations) lines.push("", `_${result.target.limitations}_`);
  return `${lines.join("\n")}\n`;
}

function describeFailure(check: CheckResult): string[] {
  return [`- \`${check.id}\`: ${check.summary}`, ...(check.evidence ?? []).map((e) => `  - ${e}`)];
}

function authOverhead(result: ScenarioResult): string | undefined {
  const base = result.bench.find((b) => b.series === "baseline");
  const valid = result.bench.find((b) => b.series === "valid");
  if (!base || !valid) return undefined;
  const d50 = valid.latencyUs.p50 - base.latencyUs.p50;
  const d99 = valid.latencyUs.p99 - base.latencyUs.p99;
  return `jwt authentication adds ${formatUs(d50)} at p50 and ${formatUs(d99)} at p99 over the unauthenticated twin route (same upstream, same run).`;
}

function escape(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
