import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { z } from "zod";
import { formatLocation, ShadowgateError, type SourceLocation } from "../errors.ts";
import { ScenarioSchema, type Scenario } from "./schema.ts";
import { knownKeysAt } from "./schema-keys.ts";
import { suggestKey } from "./suggest.ts";
import { parseYamlSource, type YamlSource } from "./yaml-source.ts";

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: Scenario;
  /** Absolute paths of the files the scenario names. */
  readonly kongPath: string;
  readonly capturePath: string;
  /** file:line:column of a field, for errors found after loading (e.g. an unknown route name). */
  locate(path: readonly PropertyKey[]): SourceLocation;
}

/** Extra validation that needs more than the schema (e.g. the forged-case catalogue); returns problems. */
export type ScenarioRule = (scenario: Scenario) => { path: PropertyKey[]; message: string }[];

export function loadScenario(file: string, rules: readonly ScenarioRule[] = []): LoadedScenario {
  const source = parseYamlSource(readText(file), file);
  const parsed = ScenarioSchema.safeParse(source.data);
  if (!parsed.success)
    throw invalid(
      source,
      parsed.error.issues.map((issue) => describeIssue(source, issue)),
    );
  const scenario = parsed.data;
  const problems = rules.flatMap((rule) => rule(scenario));
  const dir = path.dirname(path.resolve(file));
  const kongPath = path.resolve(dir, scenario.kong);
  const capturePath = path.resolve(dir, scenario.traffic.capture);
  if (!existsSync(kongPath)) problems.push({ path: ["kong"], message: `file not found: ${kongPath}` });
  if (!existsSync(capturePath))
    problems.push({ path: ["traffic", "capture"], message: `file not found: ${capturePath}` });
  if (problems.length > 0)
    throw invalid(
      source,
      problems.map((p) => ({ location: source.locate(p.path), text: `${p.path.join(".")}: ${p.message}` })),
    );
  return { file, scenario, kongPath, capturePath, locate: (p) => source.locate(p) };
}

/** Expands directories into their *.yaml / *.yml files (sorted, not recursive). */
export function expandScenarioPaths(inputs: readonly string[]): string[] {
  return inputs.flatMap((input) => {
    if (!existsSync(input))
      throw new ShadowgateError("SG_FILE_NOT_FOUND", `no such file or folder: ${input}`);
    if (!statSync(input).isDirectory()) return [input];
    const files = readdirSync(input)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => path.join(input, name));
    if (files.length === 0)
      throw new ShadowgateError("SG_FILE_NOT_FOUND", `no *.yaml scenario files in folder ${input}`);
    return files;
  });
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read ${file}`, { cause });
  }
}

interface Problem {
  location: SourceLocation;
  text: string;
}

function describeIssue(source: YamlSource, issue: z.core.$ZodIssue): Problem {
  const fieldPath = issue.path.map(String).join(".") || "(top level)";
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0] ?? "";
    const known = knownKeysAt(ScenarioSchema, issue.path, source.data);
    const suggestion = suggestKey(key, known);
    const hint = suggestion ? `; did you mean "${suggestion}"?` : `; known keys: ${known.join(", ")}`;
    const where = issue.path.length > 0 ? `${fieldPath}.${key}` : key;
    return { location: source.locate(issue.path, { key }), text: `${where}: unknown key${hint}` };
  }
  return { location: source.locate(issue.path), text: `${fieldPath}: ${issue.message}` };
}

function invalid(source: YamlSource, problems: Problem[]): ShadowgateError {
  const first = problems[0];
  const lines = problems.map((p) => `  ${formatLocation(p.location)}: ${p.text}`);
  const head = first ? first.text : "invalid scenario";
  const more = problems.length > 1 ? `\n${lines.join("\n")}` : "";
  return new ShadowgateError("SG_SCENARIO_INVALID", `${head}${more}`, {
    location: first?.location ?? { file: source.file },
    details: problems,
  });
}
