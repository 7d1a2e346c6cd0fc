import { readFileSync } from "node:fs";
import { ShadowgateError, toShadowgateError } from "../errors.ts";
import { findForgedCase } from "../identity/index.ts";
import { parseDeclarativeConfig } from "../kong/declarative.ts";
import { findRoute, routeNames, type KongDocument } from "../kong/entities.ts";
import { loadKongSource } from "../kong/load-file.ts";
import { expandScenarioPaths, loadScenario, type LoadedScenario } from "../scenario/load.ts";

/**
 * Checks that need both the scenario and the Kong config: a fault on a route that does not exist, or a
 * forged case that is not in the catalogue, is an input error at the scenario's line, before anything runs.
 */
export function crossCheckScenario(loaded: LoadedScenario, kong: KongDocument): void {
  const { scenario } = loaded;
  scenario.faults.forEach((fault, index) => {
    if (findRoute(kong, fault.route)) return;
    const known = routeNames(kong).join(", ") || "none named";
    throw new ShadowgateError(
      "SG_SCENARIO_INVALID",
      `faults.${index}.route: route "${fault.route}" is not in ${loaded.kongPath} (routes: ${known})`,
      { location: loaded.locate(["faults", index, "route"]) },
    );
  });
  const cases = scenario.forged?.cases;
  if (Array.isArray(cases))
    cases.forEach((id, index) => {
      if (findForgedCase(id)) return;
      throw new ShadowgateError(
        "SG_SCENARIO_INVALID",
        `forged.cases.${index}: unknown forged case "${id}"; \`shadowgate forge --list\` shows the catalogue`,
        { location: loaded.locate(["forged", "cases", index]) },
      );
    });
}

export interface ValidationReport {
  readonly file: string;
  readonly kind: "scenario" | "kong";
  readonly error?: ShadowgateError;
}

/**
 * `shadowgate validate`: scenarios (with their Kong config and cross-checks) and Kong declarative configs,
 * told apart by `_format_version`. Every file is checked; each problem names file:line.
 */
export function validateFiles(inputs: readonly string[]): ValidationReport[] {
  return expandScenarioPaths(inputs).map((file) => {
    const kind = looksLikeKongConfig(file) ? "kong" : "scenario";
    try {
      if (kind === "kong") validateKongFile(file);
      else {
        const loaded = loadScenario(file);
        crossCheckScenario(loaded, validateKongFile(loaded.kongPath));
      }
      return { file, kind };
    } catch (error) {
      return { file, kind, error: toShadowgateError(error) };
    }
  });
}

/** Loads a kong.yml and validates it as Kong's POST /config would; returns the raw document. */
export function validateKongFile(file: string): KongDocument {
  const { text, doc } = loadKongSource(file);
  parseDeclarativeConfig(text, { source: file });
  return doc;
}

function looksLikeKongConfig(file: string): boolean {
  try {
    return /^_format_version\s*:/m.test(readFileSync(file, "utf8"));
  } catch {
    return false;
  }
}
