import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import { loadScenario } from "./load.ts";

const fixtures = path.resolve(import.meta.dirname, "../../fixtures");

function scenarioFile(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "sg-scenario-"));
  const file = path.join(dir, "s.yaml");
  writeFileSync(file, text.replaceAll("FIXTURES", fixtures));
  return file;
}

function loadError(file: string) {
  try {
    loadScenario(file);
  } catch (error) {
    if (isShadowgateError(error)) return error;
    throw error;
  }
  throw new Error("expected loadScenario to throw");
}

const VALID = `version: 1
name: ok
kong: FIXTURES/kong/acme-buildkite.yml
identity:
  organization: acme-inc
traffic:
  capture: FIXTURES/captures/two-pipelines.ndjson
`;

describe("loadScenario", () => {
  it("applies documented defaults (Buildkite issuer, 300 s lifetime)", () => {
    const loaded = loadScenario(scenarioFile(VALID));
    expect(loaded.scenario.identity.issuer).toBe("https://agent.buildkite.com");
    expect(loaded.scenario.identity.lifetime).toBe(300_000);
    expect(loaded.kongPath).toBe(path.join(fixtures, "kong/acme-buildkite.yml"));
  });

  it("rejects an unknown key at its line and column, with a did-you-mean", () => {
    const error = loadError(path.join(fixtures, "scenarios/malformed.yaml"));
    expect(error.code).toBe("SG_SCENARIO_INVALID");
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /malformed\.yaml:7:3: identity\.lifetme: unknown key; did you mean "lifetime"\?/,
    );
  });

  it("names the field path and line of a wrong value", () => {
    const file = scenarioFile(
      VALID.replace("traffic:", "thresholds:\n  - { series: valid, stat: p99, max: fast }\ntraffic:"),
    );
    const error = loadError(file);
    expect(error.message).toMatch(/s\.yaml:7:\d+: thresholds\.0\.max: /);
  });

  it("reports a YAML syntax error with its position", () => {
    const error = loadError(scenarioFile("version: 1\nname: [unclosed\n"));
    expect(error.code).toBe("SG_YAML_SYNTAX");
    expect(error.message).toMatch(/s\.yaml:\d+:\d+:/);
  });

  it("points at the field naming a missing file", () => {
    const error = loadError(scenarioFile(VALID.replace("two-pipelines.ndjson", "nope.ndjson")));
    expect(error.message).toMatch(/s\.yaml:7:3: traffic\.capture: file not found/);
  });
});
