import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { redactSecrets } from "../redact.ts";
import { renderResultJson } from "./json.ts";
import { renderJunitXml } from "./junit.ts";
import { renderSummaryMarkdown } from "./markdown.ts";
import type { ScenarioResult } from "./types.ts";

/** A scenario's report folder name: its name, made safe for a path. */
export function reportSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "") || "scenario"
  );
}

/** Writes reports/<scenario>/result.json, summary.md and junit.xml; returns the folder. */
export async function writeScenarioReports(outDir: string, result: ScenarioResult): Promise<string> {
  const dir = path.join(outDir, reportSlug(result.scenario.name));
  await mkdir(dir, { recursive: true });
  // Defence in depth: renderers only see redacted data, and the written text is scanned once more.
  await writeFile(path.join(dir, "result.json"), redactSecrets(renderResultJson(result)));
  await writeFile(path.join(dir, "summary.md"), redactSecrets(renderSummaryMarkdown(result)));
  await writeFile(path.join(dir, "junit.xml"), redactSecrets(renderJunitXml(result)));
  return dir;
}
