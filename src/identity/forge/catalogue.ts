/** The forged-token catalogue: every case, grouped by class, in a stable order. */
import { ALGORITHM_CASES } from "./algorithm-cases.ts";
import { BUILDKITE_CASES } from "./buildkite-cases.ts";
import { CLAIMS_CASES } from "./claims-cases.ts";
import { KEY_SELECTION_CASES } from "./key-selection-cases.ts";
import { SIGNATURE_CASES } from "./signature-cases.ts";
import type { ForgedCase } from "./types.ts";

export const FORGED_CASES: readonly ForgedCase[] = Object.freeze([
  ...SIGNATURE_CASES,
  ...ALGORITHM_CASES,
  ...KEY_SELECTION_CASES,
  ...CLAIMS_CASES,
  ...BUILDKITE_CASES,
]);

const BY_ID = new Map(FORGED_CASES.map((c) => [c.id, c]));

export function findForgedCase(id: string): ForgedCase | undefined {
  return BY_ID.get(id);
}
