import { z } from "zod";

/**
 * Capture format v1: NDJSON, one request per line (docs/capture.md, docs/capture.schema.json).
 * Credentials are never stored: a record names the Buildkite job, and the replayer mints a fresh token for
 * it; a credential seen at capture time survives only as a descriptor (header and claims, no signature).
 */
export const CAPTURE_VERSION = 1;

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
  method: z.string().regex(/^[A-Z]+$/),
  path: z.string().regex(/^\//, "expected a path starting with /"),
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
