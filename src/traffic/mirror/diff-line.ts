import type { CaptureRecord } from "../capture-schema.ts";
import { diffOutcomes, type DiffClass, type Outcome } from "../outcome-diff.ts";
import type { ShadowResult } from "./shadow-copier.ts";

/** One line of the mirror's diff file: the primary's and the shadow's outcome for one request. */
export function diffLine(
  record: CaptureRecord,
  primary: Required<Outcome>,
  shadow: Exclude<ShadowResult, { dropped: true }>,
  ignoreHeaders: readonly string[] | undefined,
): { value: Record<string, unknown>; class: DiffClass; sample: string } {
  const shadowOutcome =
    "error" in shadow ? { status: 0 } : { status: shadow.status, headers: shadow.headers };
  const diff = diffOutcomes(primary, shadowOutcome, {
    exactStatus: true,
    ignoreHeaders: ignoreHeaders ?? [],
  });
  const path = record.query === "" ? record.path : `${record.path}?${record.query}`;
  const shadowText = "error" in shadow ? `no answer (${shadow.error})` : String(shadow.status);
  return {
    class: diff.class,
    sample: `${record.method} ${path}${record.job ? ` (job ${record.job.job})` : ""}: primary ${primary.status}, shadow ${shadowText}${diff.headers.length > 0 ? `, headers differ: ${diff.headers.join(", ")}` : ""}`,
    value: {
      v: 1,
      at: record.at,
      method: record.method,
      path,
      ...(record.job ? { pipeline: record.job.pipeline, job: record.job.job } : {}),
      class: diff.class,
      primary: {
        status: primary.status,
        ...(record.response?.latencyMs === undefined ? {} : { latencyMs: record.response.latencyMs }),
      },
      shadow:
        "error" in shadow
          ? { status: 0, error: shadow.error, latencyMs: round(shadow.latencyMs) }
          : { status: shadow.status, latencyMs: round(shadow.latencyMs) },
      ...(diff.headers.length > 0 ? { headers: diff.headers } : {}),
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
