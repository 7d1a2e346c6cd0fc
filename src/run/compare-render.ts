import type { Comparison } from "./compare-diff.ts";

const SHOWN = 50;

/** The "Differential run" section appended to each target's summary.md, and compare.md on its own. */
export function renderComparison(comparison: Comparison): string {
  const [a, b] = comparison.targets;
  const lines = [
    `## Differential run: ${a} vs ${b}`,
    "",
    `${comparison.compared} exchanges compared, ${comparison.notCompared} left out (sent while a fault was ` +
      `being applied or reverted), **${comparison.divergences.length} divergences**.`,
  ];
  if (comparison.divergences.length === 0) {
    lines.push(
      "",
      `The two targets agreed on every status, upstream hit and Kong-generated body and header.`,
    );
    return `${lines.join("\n")}\n`;
  }
  lines.push("", `| exchange | field | ${a} | ${b} |`, "| --- | --- | --- | --- |");
  for (const d of comparison.divergences.slice(0, SHOWN))
    lines.push(`| \`${cell(d.exchange)}\` | ${d.field} | ${cell(d.a)} | ${cell(d.b)} |`);
  if (comparison.divergences.length > SHOWN)
    lines.push("", `${comparison.divergences.length - SHOWN} more in compare.json.`);
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return (text === "" ? "(none)" : text).replace(/\|/g, "\\|").replace(/\n/g, " ").slice(0, 160);
}
