import { closest, distance } from "fastest-levenshtein";

/** "did you mean" for a mistyped key: only when the nearest known key is plausibly what was meant. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const nearest = closest(unknown, [...known]);
  const limit = Math.max(2, Math.floor(nearest.length / 3));
  return distance(unknown.toLowerCase(), nearest.toLowerCase()) <= limit ? nearest : undefined;
}
