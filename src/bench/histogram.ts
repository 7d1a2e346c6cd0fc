/**
 * Microsecond latency histograms (HdrHistogram, JS implementation of hdr-histogram-js 3).
 *
 * Why our own and not autocannon's: autocannon's latency histogram counts whole milliseconds
 * (lib/histUtil.js, peers.md §3.1), which hides exactly the sub-millisecond cost a JWT check adds.
 * Percentiles are never averaged across runs or shards: histograms are merged and percentiles are
 * read from the merge (DESIGN.md "Honest measurement").
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from "hdr-histogram-js";
import type { Histogram } from "hdr-histogram-js";
import { ShadowgateError } from "../errors.ts";
import type { LatencySummaryUs } from "./types.ts";

export type LatencyHistogram = Histogram;

/** 1 µs .. 60 s: anything slower than a minute is reported as 60 s (it is a timeout in all but name). */
export const LOWEST_US = 1;
export const HIGHEST_US = 60_000_000;
const SIGNIFICANT_DIGITS = 3;
// 64-bit counts: merged shard histograms may exceed 2^31 samples in one bucket.
const BIT_BUCKET_SIZE = 64;

/** An empty histogram for latencies in microseconds, 1 µs .. 60 s at 3 significant digits. */
export function createLatencyHistogram(): LatencyHistogram {
  return build({
    bitBucketSize: BIT_BUCKET_SIZE,
    autoResize: false,
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    useWebAssembly: false,
  });
}

/** Records one latency, rounded to a whole microsecond and clamped into the trackable range. */
export function recordUs(histogram: LatencyHistogram, us: number): void {
  if (!Number.isFinite(us)) {
    throw new ShadowgateError("SG_INTERNAL", `latency sample is not a finite number: ${us}`);
  }
  histogram.recordValue(Math.min(Math.max(Math.round(us), 0), HIGHEST_US));
}

/**
 * p50/p90/p99/p99.9 and max in whole microseconds. Every value, max included, is the highest value
 * equivalent to its bucket (HdrHistogram's getMaxValue), so a live histogram, its decoding and a merge
 * all summarize identically. An empty histogram summarizes to all zeros, so callers must check
 * `totalCount` (or the series' `requests`) before reading it as "fast".
 */
export function summarize(histogram: LatencyHistogram): LatencySummaryUs {
  // The 60 s bucket's highest equivalent value lies just past 60 s; no recorded value does.
  const at = (percentile: number): number =>
    Math.min(Math.round(histogram.getValueAtPercentile(percentile)), HIGHEST_US);
  return {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: at(100),
  };
}

/** HdrHistogram's standard V2 compressed base64 encoding (readable by the Java/Go/Rust ports too). */
export function encodeHistogram(histogram: LatencyHistogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/** Decodes an encoding made by `encodeHistogram` (or any HdrHistogram V2 compressed base64). */
export function decodeHistogram(encoded: string): LatencyHistogram {
  try {
    return decodeFromCompressedBase64(encoded, BIT_BUCKET_SIZE, false);
  } catch (cause) {
    throw new ShadowgateError(
      "SG_INTERNAL",
      `latency histogram is not a valid HdrHistogram V2 compressed base64 string (${String(cause)})`,
      { cause },
    );
  }
}

/**
 * Exact merge: the counts of every input are added bucket by bucket, so percentiles of the result
 * are those of one histogram fed all samples. An empty list merges to an empty histogram.
 */
export function mergeEncoded(encodedList: readonly string[]): string {
  const merged = createLatencyHistogram();
  for (const encoded of encodedList) {
    const part = decodeHistogram(encoded);
    if (part.maxValue > HIGHEST_US) {
      throw new ShadowgateError(
        "SG_INTERNAL",
        `cannot merge a latency histogram whose max ${part.maxValue} µs exceeds ${HIGHEST_US} µs`,
      );
    }
    merged.add(part);
  }
  return encodeHistogram(merged);
}
