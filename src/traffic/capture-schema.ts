import { z } from "zod";

/**
 * Capture format v1: NDJSON, one request per line (docs/capture.md, docs/capture.schema.json).
 * Credentials are never stored: a record names the Buildkite job, and the replayer mints a fresh token for
 * it; a credential seen at capture time survives only as a descriptor (header and claims, no signature).
 */
export const CAPTURE_VERSION = 1;

/** Shared by the schema and the fast check below, so both test strings with the very same patterns. */
const COMMIT_SHA = /^[0-9a-f]{7,40}$/;
const METHOD = /^[A-Z]+$/;
const ABSOLUTE_PATH = /^\//;

export const CaptureJobSchema = z.strictObject({
  organization: z.string().min(1),
  pipeline: z.string().min(1),
  build: z.number().int().nonnegative(),
  job: z.string().min(1).describe("Buildkite job UUID"),
  step: z.string().nullable().default(null).describe("Step key; null when the step has none"),
  branch: z.string().min(1),
  tag: z.string().nullable().default(null),
  commit: z.string().regex(COMMIT_SHA, "expected a git commit SHA"),
});

const DescribedValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** identity/types.ts TokenDescriptor, as stored: read without verification, never the raw token. */
export const TokenDescriptorSchema = z.union([
  z.strictObject({
    kind: z.literal("jwt"),
    alg: DescribedValue.optional(),
    kid: DescribedValue.optional(),
    headerParams: z.array(z.string()).readonly(),
    iss: DescribedValue.optional(),
    sub: DescribedValue.optional(),
    aud: DescribedValue.optional(),
    iat: DescribedValue.optional(),
    nbf: DescribedValue.optional(),
    exp: DescribedValue.optional(),
    jti: DescribedValue.optional(),
    jobId: DescribedValue.optional(),
    organization: DescribedValue.optional(),
    pipeline: DescribedValue.optional(),
    stepKey: DescribedValue.optional(),
    buildNumber: DescribedValue.optional(),
    lifetimeSec: z.number().optional(),
    signatureLength: z.number().int().nonnegative().describe("Length only; the signature is never stored"),
  }),
  z.strictObject({
    kind: z.literal("malformed"),
    reason: z.string(),
    segments: z.number().int(),
    length: z.number().int(),
  }),
]);

export const CaptureAuthSchema = z
  .strictObject({
    from: z
      .string()
      .min(1)
      .describe("Where the credential was: a lower-case header name, or query:<param> (Kong's ?jwt=)"),
    scheme: z.string().optional().describe("Authorization scheme (Bearer, Basic, ...) when there was one"),
    token: TokenDescriptorSchema.optional().describe("Present for tokens; absent when the value was dropped"),
  })
  .describe("A credential seen at capture time, described or dropped, never stored in clear");

export const CaptureRecordSchema = z.strictObject({
  v: z.literal(CAPTURE_VERSION).describe("Capture format version"),
  at: z.iso.datetime({ offset: true }).describe("When the request was received (ISO 8601)"),
  method: z.string().regex(METHOD),
  path: z.string().regex(ABSOLUTE_PATH, "expected a path starting with /"),
  query: z.string().default("").describe("Raw query string without the leading ?"),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional().describe("Request body, base64 (at most the capture's body cap)"),
  bodyBytes: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("Original body size in bytes, set when the body was cut at the cap"),
  job: CaptureJobSchema.optional(),
  auth: z.array(CaptureAuthSchema).optional().describe("Credentials seen at capture time, as descriptors"),
  response: z
    .strictObject({
      status: z.number().int().min(100).max(599),
      latencyMs: z.number().nonnegative().optional(),
    })
    .optional(),
  source: z
    .string()
    .default("unknown")
    .describe("Where the record came from (mirror, kong-log, har, goreplay, fixture)"),
});

export type CaptureRecord = z.output<typeof CaptureRecordSchema>;
export type CaptureRecordInput = z.input<typeof CaptureRecordSchema>;
export type CaptureJob = z.output<typeof CaptureJobSchema>;
export type CaptureAuth = z.output<typeof CaptureAuthSchema>;

export function captureJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://shadowgate.dev/schema/capture-v1.json",
    ...z.toJSONSchema(CaptureRecordSchema, { io: "input", target: "draft-2020-12" }),
  };
}

/*
 * Fast path for the common record (parseCaptureLine runs once per replayed request, and zod is most of its
 * cost). `plainCaptureRecord` returns a record only when every rule the schema applies holds, checked at
 * least as strictly (same regexes, safe integers, no unknown or `__proto__` key, no `auth`), and builds it
 * as zod would: keys in schema order, defaults filled in. Anything else returns undefined and the caller
 * runs zod, which accepts or explains. Keep it in step with the schema: capture-schema.test.ts fuzzes both.
 */
const RECORD_KEYS = new Set(Object.keys(CaptureRecordSchema.shape));
const JOB_KEYS = new Set(Object.keys(CaptureJobSchema.shape));
const RESPONSE_KEYS = new Set(["status", "latencyMs"]);
/** z.iso.datetime's own pattern (its check is this regex alone); without it the fast path stays off. */
const DATETIME = (CaptureRecordSchema.shape.at._zod.def as { pattern?: RegExp }).pattern;

type Fields = Record<string, unknown>;

/** A JSON object (not an array) whose keys are all in `keys`. */
function objectWithKeys(value: unknown, keys: ReadonlySet<string>): value is Fields {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return false;
  for (const key in value) if (!keys.has(key)) return false;
  return true;
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const nullableText = (v: unknown): v is string | null | undefined =>
  v === undefined || v === null || typeof v === "string";

function plainHeaders(value: unknown): Record<string, string> | undefined {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const out: Record<string, string> = {};
  for (const name in value) {
    const text = (value as Fields)[name];
    if (name === "__proto__" || typeof text !== "string") return undefined;
    out[name] = text;
  }
  return out;
}

function plainJob(v: unknown): CaptureJob | undefined {
  if (!objectWithKeys(v, JOB_KEYS)) return undefined;
  const { organization, pipeline, build, job, step, branch, tag, commit } = v;
  if (!nonEmpty(organization) || !nonEmpty(pipeline) || !count(build) || !nonEmpty(job)) return undefined;
  if (!nullableText(step) || !nonEmpty(branch) || !nullableText(tag)) return undefined;
  if (typeof commit !== "string" || !COMMIT_SHA.test(commit)) return undefined;
  return { organization, pipeline, build, job, step: step ?? null, branch, tag: tag ?? null, commit };
}

function plainResponse(v: unknown): CaptureRecord["response"] | false {
  if (!objectWithKeys(v, RESPONSE_KEYS)) return false;
  const { status, latencyMs } = v;
  if (!Number.isSafeInteger(status) || (status as number) < 100 || (status as number) > 599) return false;
  if (latencyMs === undefined) return { status: status as number };
  if (typeof latencyMs !== "number" || !Number.isFinite(latencyMs) || !(latencyMs >= 0)) return false;
  return { status: status as number, latencyMs };
}

export function plainCaptureRecord(input: unknown): CaptureRecord | undefined {
  if (DATETIME === undefined || !objectWithKeys(input, RECORD_KEYS) || input.auth !== undefined)
    return undefined;
  const { v, at, method, path, query, body, bodyBytes, source } = input;
  if (v !== CAPTURE_VERSION || typeof at !== "string" || !DATETIME.test(at)) return undefined;
  if (typeof method !== "string" || !METHOD.test(method)) return undefined;
  if (typeof path !== "string" || !ABSOLUTE_PATH.test(path)) return undefined;
  if (query !== undefined && typeof query !== "string") return undefined;
  if (body !== undefined && typeof body !== "string") return undefined;
  if (bodyBytes !== undefined && !count(bodyBytes)) return undefined;
  if (source !== undefined && typeof source !== "string") return undefined;
  const headers = plainHeaders(input.headers);
  if (headers === undefined) return undefined;
  const job = input.job === undefined ? undefined : plainJob(input.job);
  if (job === undefined && input.job !== undefined) return undefined;
  const response = input.response === undefined ? undefined : plainResponse(input.response);
  if (response === false) return undefined;
  // Optional keys appear only when given, in schema order (zod's output order); `source` comes last.
  const record = { v, at, method, path, query: query ?? "", headers } as CaptureRecord;
  if (body !== undefined) record.body = body;
  if (bodyBytes !== undefined) record.bodyBytes = bodyBytes;
  if (job !== undefined) record.job = job;
  if (response !== undefined) record.response = response;
  record.source = source ?? "unknown";
  return record;
}
