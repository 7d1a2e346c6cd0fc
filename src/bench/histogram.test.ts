import { describe, expect, it } from "vitest";
import { isShadowgateError } from "../errors.ts";
import {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  HIGHEST_US,
  mergeEncoded,
  recordUs,
  summarize,
} from "./histogram.ts";
import type { LatencyHistogram } from "./histogram.ts";

function histogramOf(values: readonly number[]): LatencyHistogram {
  const h = createLatencyHistogram();
  for (const v of values) recordUs(h, v);
  return h;
}

const oneToThousand = Array.from({ length: 1000 }, (_, i) => i + 1);
// Deterministic spread over 2 ms .. 2 s, where buckets are wider than 1 µs.
const slowTail = Array.from({ length: 5000 }, (_, i) => 2000 + ((i * 7919) % 2_000_000));

describe("summarize", () => {
  it("gives exact percentiles where values fit one-microsecond buckets", () => {
    expect(summarize(histogramOf(oneToThousand))).toEqual({
      p50: 500,
      p90: 900,
      p99: 990,
      p999: 999,
      max: 1000,
    });
  });

  it("stays within 3 significant digits for large values", () => {
    const sorted = [...slowTail].sort((a, b) => a - b);
    const exact = (p: number): number => sorted[Math.ceil((p / 100) * sorted.length) - 1]!;
    const s = summarize(histogramOf(slowTail));
    for (const [p, got] of [
      [50, s.p50],
      [90, s.p90],
      [99, s.p99],
      [99.9, s.p999],
    ] as const) {
      expect(Math.abs(got - exact(p)) / exact(p)).toBeLessThanOrEqual(0.001);
      expect(Number.isInteger(got)).toBe(true);
    }
    const exactMax = sorted.at(-1)!;
    expect(s.max).toBeGreaterThanOrEqual(exactMax);
    expect((s.max - exactMax) / exactMax).toBeLessThanOrEqual(0.001);
  });

  it("rounds fractional microseconds and clamps beyond 60 s to 60 s", () => {
    const h = histogramOf([12.4, 12.6, 3_600_000_000]);
    expect(h.totalCount).toBe(3);
    expect(summarize(h).p50).toBe(13);
    expect(summarize(h).max).toBe(HIGHEST_US);
  });

  it("refuses non-finite samples instead of recording garbage", () => {
    expect(() => recordUs(createLatencyHistogram(), Number.NaN)).toThrow(/finite/);
  });
});

describe("encoding", () => {
  it("round-trips counts and percentiles", () => {
    const original = histogramOf([...oneToThousand, ...slowTail]);
    const decoded = decodeHistogram(encodeHistogram(original));
    expect(decoded.totalCount).toBe(original.totalCount);
    expect(summarize(decoded)).toEqual(summarize(original));
  });

  it("uses HdrHistogram's V2 compressed cookie (0x1c849304 | 0x10), so other ports can read it", () => {
    const bytes = Buffer.from(encodeHistogram(histogramOf([1, 2, 3])), "base64");
    expect(bytes.readUInt32BE(0)).toBe(0x1c849314);
  });

  it("rejects a string that is not an encoded histogram with a coded error", () => {
    let caught: unknown;
    try {
      decodeHistogram("bm90IGEgaGlzdG9ncmFt");
    } catch (error) {
      caught = error;
    }
    expect(isShadowgateError(caught, "SG_INTERNAL")).toBe(true);
  });
});

describe("mergeEncoded", () => {
  it("is exact: merging two encodings equals one histogram fed both sets", () => {
    const merged = decodeHistogram(
      mergeEncoded([encodeHistogram(histogramOf(oneToThousand)), encodeHistogram(histogramOf(slowTail))]),
    );
    const single = histogramOf([...oneToThousand, ...slowTail]);
    expect(merged.totalCount).toBe(6000);
    expect(summarize(merged)).toEqual(summarize(single));
  });

  it("does not average percentiles (a fast shard does not hide a slow one's tail)", () => {
    const fast = encodeHistogram(histogramOf(Array.from({ length: 990 }, () => 100)));
    const slow = encodeHistogram(histogramOf(Array.from({ length: 10 }, () => 900_000)));
    const s = summarize(decodeHistogram(mergeEncoded([fast, slow])));
    expect(s.p50).toBe(100);
    expect(s.p999).toBeGreaterThanOrEqual(899_000);
  });

  it("merges an empty list to an empty histogram", () => {
    expect(decodeHistogram(mergeEncoded([])).totalCount).toBe(0);
  });
});
