import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { silentLogger } from "../../src/log.ts";
import { run } from "../../src/run/run.ts";

export const root = path.resolve(import.meta.dirname, "../..");
export const fixture = (...parts: string[]) => path.join(root, "fixtures", ...parts);

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** The fixture scenario with its Kong config and capture as absolute paths, written into `dir`. */
export function scenarioFor(dir: string, capture: string, name = "imported-traffic"): string {
  const text = readFileSync(fixture("scenarios", "imported-traffic.yaml"), "utf8")
    .replace(/^name: .*$/m, `name: ${name}`)
    .replace(/^kong: .*$/m, `kong: ${fixture("kong", "acme-per-pipeline.yml")}`)
    .replace(/^ {2}capture: .*$/m, `  capture: ${capture}`);
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

export async function runScenarioFile(file: string, out: string) {
  const summary = await run({ scenarios: [file], out, logger: silentLogger });
  return { summary, result: summary.outcomes[0]!.result };
}

/** Every file under a folder, recursively: what the scan for secrets reads. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}
