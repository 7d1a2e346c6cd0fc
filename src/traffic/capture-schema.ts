import { z } from "zod";

/**
 * Capture format v1: NDJSON, one request per line (docs/capture.md). Credentials are never stored:
 * a record names the Buildkite job, and the replayer mints a fresh token for it.
 */
export const CaptureJobSchema = z.strictObject({
  organization: z.string().min(1),
  pipeline: z.string().min(1),
  build: z.number().int().nonnegative(),
  job: z.string().min(1).describe("Buildkite job UUID"),
  step: z.string().nullable().default(null).describe("Step key; null when the step has none"),
  branch: z.string().min(1),
  tag: z.string().nullable().default(null),
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, "expected a git commit SHA"),
});

export const CaptureRecordSchema = z.strictObject({
  v: z.literal(1).describe("Capture format version"),
  at: z.iso.datetime({ offset: true }).describe("When the request was received (ISO 8601)"),
  method: z.string().regex(/^[A-Z]+$/),
  path: z.string().regex(/^\//, "expected a path starting with /"),
  query: z.string().default("").describe("Raw query string without the leading ?"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional().describe("Request body, base64"),
  job: CaptureJobSchema.optional(),
  response: z
    .strictObject({
      status: z.number().int().min(100).max(599),
      latencyMs: z.number().nonnegative().optional(),
    })
    .optional(),
  source: z
    .string()
    .default("unknown")
    .describe("Where the record came from (mirror, kong-log, har, fixture)"),
});

export type CaptureRecord = z.output<typeof CaptureRecordSchema>;
export type CaptureJob = z.output<typeof CaptureJobSchema>;
