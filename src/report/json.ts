import type { ScenarioResult } from "./types.ts";

export function renderResultJson(result: ScenarioResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
