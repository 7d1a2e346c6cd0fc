import { ShadowgateError } from "../errors.ts";
import type { TargetKind } from "./types.ts";

/** Light on purpose: the CLI parses flags with it before any target code is loaded. */
export const TARGET_KINDS: readonly TargetKind[] = ["embedded", "docker", "url"];

/** `--compare embedded,docker` → two distinct target kinds. */
export function parseCompare(value: string): [TargetKind, TargetKind] {
  const parts = value.split(",").map((p) => p.trim());
  const [a, b] = parts;
  const known = (k: string | undefined): k is TargetKind => TARGET_KINDS.includes(k as TargetKind);
  if (parts.length !== 2 || !known(a) || !known(b) || a === b)
    throw new ShadowgateError(
      "SG_USAGE",
      `--compare ${value}: expected two different targets among ${TARGET_KINDS.join(", ")}, e.g. embedded,docker`,
    );
  return [a, b];
}
