export type { BenchSeries, LatencySummaryUs, SeriesName } from "./types.ts";
export {
  createLatencyHistogram,
  decodeHistogram,
  encodeHistogram,
  HIGHEST_US,
  LOWEST_US,
  mergeEncoded,
  recordUs,
  summarize,
} from "./histogram.ts";
export type { LatencyHistogram } from "./histogram.ts";
export { runLoad } from "./load.ts";
export type { LoadOptions } from "./load.ts";
export { correctedLatencyUs } from "./schedule.ts";
