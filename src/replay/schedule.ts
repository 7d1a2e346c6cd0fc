import type { CaptureEntry } from "../traffic/capture-reader.ts";

/** A captured request placed on the replay timeline. */
export interface ScheduledRequest {
  readonly entry: CaptureEntry;
  /** Milliseconds after replay start at which it should be sent. */
  readonly intendedAtMs: number;
  /** Requests of one Buildkite job share a lane and stay in order, as a job's own calls do. */
  readonly lane: string;
}

/**
 * Recorded pacing: original inter-arrival times divided by `speed`, first request at 0.
 * Records out of timestamp order keep their position in their job's lane (a job cannot overtake itself).
 */
export function scheduleRecorded(entries: readonly CaptureEntry[], speed: number): ScheduledRequest[] {
  const times = entries.map((entry) => Date.parse(entry.record.at));
  const start = Math.min(...times);
  return entries.map((entry, index) => ({
    entry,
    intendedAtMs: ((times[index] ?? start) - start) / speed,
    lane: entry.record.job?.job ?? `line-${entry.line}`,
  }));
}

/** Groups a schedule into lanes, each sorted by intended time (stable for equal times). */
export function lanesOf(schedule: readonly ScheduledRequest[]): ScheduledRequest[][] {
  const lanes = new Map<string, ScheduledRequest[]>();
  for (const item of schedule) {
    const lane = lanes.get(item.lane) ?? [];
    lane.push(item);
    lanes.set(item.lane, lane);
  }
  return [...lanes.values()].map((lane) => [...lane].sort((a, b) => a.intendedAtMs - b.intendedAtMs));
}
