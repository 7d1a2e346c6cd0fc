import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { ShadowgateError } from "../errors.ts";
import { CaptureJobSchema, type CaptureJob } from "./capture-schema.ts";

const JOB_FIELDS = ["organization", "pipeline", "build", "job", "step", "branch", "tag", "commit"] as const;
type JobField = (typeof JOB_FIELDS)[number];

const PartialJob = z.strictObject({
  organization: z.string().min(1).optional(),
  pipeline: z.string().min(1).optional(),
  build: z.number().int().nonnegative().optional(),
  job: z.string().min(1).optional(),
  step: z.string().nullable().optional(),
  branch: z.string().min(1).optional(),
  tag: z.string().nullable().optional(),
  commit: z.string().optional(),
});
export type PartialJob = z.output<typeof PartialJob>;

/**
 * Where a record's Buildkite job comes from when no token can be read (Kong logs `authorization: REDACTED`,
 * kong.md §8): request headers the pipelines send, the Kong consumer, the Kong route, then defaults.
 */
export const IdentityMapSchema = z.strictObject({
  headers: z
    .partialRecord(z.enum(JOB_FIELDS), z.string().min(1))
    .default({})
    .describe("Job field → request header that carries it, e.g. job: x-buildkite-job-id"),
  consumers: z
    .record(z.string(), PartialJob)
    .default({})
    .describe("Kong consumer username (or custom_id) → job fields"),
  routes: z.record(z.string(), PartialJob).default({}).describe("Kong route name → job fields"),
  defaults: PartialJob.default({}),
});
export type IdentityMap = z.output<typeof IdentityMapSchema>;

export const EMPTY_IDENTITY_MAP: IdentityMap = { headers: {}, consumers: {}, routes: {}, defaults: {} };

export function loadIdentityMap(file: string): IdentityMap {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read identity map ${file}`, { cause });
  }
  const parsed = IdentityMapSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShadowgateError(
      "SG_USAGE",
      `identity map ${file}: ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

export interface IdentityInputs {
  readonly headers: Readonly<Record<string, string>>;
  readonly consumer?: { readonly username?: string; readonly custom_id?: string } | undefined;
  readonly route?: string | undefined;
}

export type ResolvedJob =
  { readonly job: CaptureJob } | { readonly job?: undefined; readonly problem?: string };

/**
 * Merges the sources (defaults < route < consumer < headers). No organization and no pipeline means an
 * anonymous request (replayed without a token). A job without a job id gets a stable one derived from
 * its build and step, so its requests still share one lane.
 */
export function resolveJob(inputs: IdentityInputs, map: IdentityMap): ResolvedJob {
  const consumer =
    (inputs.consumer?.username === undefined ? undefined : map.consumers[inputs.consumer.username]) ??
    (inputs.consumer?.custom_id === undefined ? undefined : map.consumers[inputs.consumer.custom_id]);
  const merged: PartialJob = {
    ...map.defaults,
    ...(inputs.route === undefined ? {} : map.routes[inputs.route]),
    ...consumer,
    ...fromHeaders(inputs.headers, map.headers),
  };
  if (merged.organization === undefined && merged.pipeline === undefined) return {};
  const candidate = {
    step: null,
    tag: null,
    ...merged,
    job: merged.job ?? derivedJobId(merged),
  };
  const parsed = CaptureJobSchema.safeParse(candidate);
  if (parsed.success) return { job: parsed.data };
  const missing = JOB_FIELDS.filter((f) => candidate[f] === undefined);
  const who = inputs.consumer?.username ?? inputs.route ?? "the request";
  return {
    problem:
      missing.length > 0
        ? `the Buildkite identity of ${who} lacks ${missing.join(", ")}: add them to the identity map`
        : `the Buildkite identity of ${who} is invalid: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`,
  };
}

function fromHeaders(
  headers: Readonly<Record<string, string>>,
  names: Partial<Record<JobField, string>>,
): PartialJob {
  const out: Record<string, string | number> = {};
  for (const field of JOB_FIELDS) {
    const name = names[field];
    const value = name === undefined ? undefined : headers[name.toLowerCase()];
    if (value === undefined || value === "") continue;
    out[field] = field === "build" && /^\d+$/.test(value) ? Number(value) : value;
  }
  return out;
}

/** A UUID-shaped id from the job's coordinates: same build and step, same lane. */
export function derivedJobId(job: PartialJob): string {
  const name = [job.organization, job.pipeline, job.build, job.step].join("/");
  const hex = createHash("sha1").update(name).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
