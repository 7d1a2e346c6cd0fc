import { z } from "zod";

/** "250ms", "2s", "1.5m" or a number of seconds. Scenarios are read by people, so units are explicit. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(us|ms|s|m)$/;

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export function parseDurationMs(value: string | number): number {
  if (typeof value === "number") return value * 1000;
  const match = DURATION_PATTERN.exec(value);
  if (!match) throw new Error(`not a duration: ${value}`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 1000);
}

export const Duration = z
  .union([
    z.number().nonnegative().describe("seconds"),
    z.string().regex(DURATION_PATTERN, 'expected a duration such as "500ms", "2s" or "1m"'),
  ])
  .transform(parseDurationMs)
  .describe('A duration: "500ms", "2s", "1m", or a number of seconds');
