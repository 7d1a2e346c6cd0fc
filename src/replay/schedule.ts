import type { CaptureEntry } from "../traffic/capture-reader.ts";

/** A captured request placed on the replay timeline. */
export interface ScheduledRequest {
  readonly entry: CaptureEntry;
  /** Milliseconds after replay start at which it should be sent (0 = as soon as a lane is free). */
  readonly intendedAtMs: number;
  /** Requests of one Buildkite job share a lane and stay in order, as a job's own calls do. */
  readonly lane: string;
}

/**
 * How requests are released (peers.md §3: open vs closed load models).
 * - `recorded`: original inter-arrival times divided by `speed` (GoReplay's `|200%`).
 * - `rate`: open model, a fixed arrival rate regardless of how fast answers come (wrk2, k6 arrival-rate).
 * - `max`: closed model, `lanes` concurrent lanes each sending as soon as its previous request finished.
 */
export type Pacing =
  | { readonly mode: "recorded"; readonly speed: number }
  | { readonly mode: "rate"; readonly perSecond: number }
  | { readonly mode: "max"; readonly lanes: number };

export function laneOf(entry: CaptureEntry): string {
  return entry.record.job?.job ?? `line-${entry.line}`;
}

/**
 * Places each record on the timeline as it is read (streaming: nothing is collected), a batch of records at
 * a time (readCaptureBatches). In recorded pacing the first record is at 0; a record stamped before it (logs
 * are written when requests end, kong.md §8) goes at 0 too, and a job's later records never overtake its
 * earlier ones (they share a lane).
 */
export async function* scheduleCapture(
  batches: AsyncIterable<readonly CaptureEntry[]>,
  pacing: Pacing,
): AsyncGenerator<ScheduledRequest[]> {
  let startMs: number | undefined;
  let index = 0;
  for await (const entries of batches) {
    const scheduled: ScheduledRequest[] = [];
    for (const entry of entries) {
      let intendedAtMs = 0;
      if (pacing.mode === "recorded") {
        const at = Date.parse(entry.record.at);
        startMs ??= at;
        intendedAtMs = Math.max(0, (at - startMs) / pacing.speed);
      } else if (pacing.mode === "rate") intendedAtMs = (index * 1000) / pacing.perSecond;
      index += 1;
      scheduled.push({ entry, intendedAtMs, lane: laneOf(entry) });
    }
    yield scheduled;
  }
}

/** Pacing from a scenario's `traffic` section. */
export function pacingOf(traffic: {
  pacing?: "recorded" | "rate" | "max";
  speed: number;
  rate?: number | undefined;
  lanes?: number;
}): Pacing {
  if (traffic.pacing === "rate") return { mode: "rate", perSecond: traffic.rate ?? 10 };
  if (traffic.pacing === "max") return { mode: "max", lanes: traffic.lanes ?? 16 };
  return { mode: "recorded", speed: traffic.speed };
}
