import type { DiffSummary } from "../traffic/diff-tally.ts";

const MAX_ROWS = 30;

/**
 * The shadow diff (Diffy-style): captured outcome vs shadow outcome per route prefix and pipeline.
 * Newly rejected requests break pipelines; newly accepted ones are holes.
 */
export function renderDiffTable(diff: DiffSummary): string[] {
  const t = diff.totals;
  const lines = [
    `Captured vs shadow outcome: ${t.same} same, ${t["newly-rejected"]} newly rejected (breaking), ${t["newly-accepted"]} newly accepted (risky), ${t.other} other.`,
  ];
  if (diff.groups.length === 0) return lines;
  lines.push(
    "",
    "| route | pipeline | same | newly rejected | newly accepted | other |",
    "| --- | --- | --- | --- | --- | --- |",
  );
  for (const g of diff.groups.slice(0, MAX_ROWS)) {
    const c = g.counts;
    const mark = (n: number) => (n > 0 ? `**${n}**` : "0");
    lines.push(
      `| \`${g.route}\` | ${g.pipeline} | ${c.same} | ${mark(c["newly-rejected"])} | ${mark(c["newly-accepted"])} | ${c.other} |`,
    );
  }
  if (diff.groups.length > MAX_ROWS)
    lines.push("", `(${diff.groups.length - MAX_ROWS} more groups in result.json)`);
  const samples = diff.groups.flatMap((g) => g.samples).slice(0, 5);
  if (samples.length > 0) lines.push("", ...samples.map((s) => `- ${s.replaceAll("|", "\\|")}`));
  return lines;
}
