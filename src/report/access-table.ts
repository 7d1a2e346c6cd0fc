import type { AccessCell } from "../verdict/access-matrix.ts";

/** Routes as rows, callers as columns: "allowed ✓" reads as intended, a bold cell is a finding. */
export function renderAccessMatrix(cells: readonly AccessCell[]): string[] {
  const callers = [...new Set(cells.map((c) => `${c.pipeline}@${c.branch}`))];
  const routes = [...new Set(cells.map((c) => c.route))];
  const lines = [`| route | ${callers.join(" | ")} |`, `| --- |${callers.map(() => " --- |").join("")}`];
  for (const route of routes) {
    const row = callers.map((caller) => {
      const cell = cells.find((c) => c.route === route && `${c.pipeline}@${c.branch}` === caller);
      if (!cell) return "";
      const outcome = cell.upstreamHit ? `in (${cell.status})` : `out (${cell.status})`;
      return cell.ok
        ? `${cell.expected === "allow" ? "allowed" : "denied"}: ${outcome}`
        : `**${outcome}, expected ${cell.expected}**`;
    });
    lines.push(`| \`${route}\` | ${row.join(" | ")} |`);
  }
  return lines;
}
