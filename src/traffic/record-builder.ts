import { CAPTURE_VERSION, CaptureRecordSchema, type CaptureRecord } from "./capture-schema.ts";
import { capBody, DEFAULT_MAX_BODY_BYTES, jobFromToken, sanitizeRequest } from "./credentials.ts";
import { EMPTY_IDENTITY_MAP, resolveJob, type IdentityMap } from "./identity-map.ts";

/** A request as an importer or the mirror saw it, before credentials are taken out. */
export interface RawExchange {
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | undefined;
  readonly response?: { readonly status: number; readonly latencyMs?: number | undefined } | undefined;
  readonly source: string;
  /** Kong log identity hints (kong.md §8 `consumer`, `route.name`). */
  readonly consumer?: { readonly username?: string; readonly custom_id?: string } | undefined;
  readonly route?: string | undefined;
}

export interface RecordOptions {
  readonly identity?: IdentityMap;
  readonly credentialHeaders?: readonly string[];
  readonly maxBodyBytes?: number;
}

export type BuiltRecord = { record: CaptureRecord; problem?: undefined } | { problem: string };

/**
 * One capture record from one exchange: credentials become descriptors, the job comes from the token's
 * claims when a Buildkite token was sent, otherwise from the identity map (headers, consumer, route).
 */
export function buildCaptureRecord(raw: RawExchange, options: RecordOptions = {}): BuiltRecord {
  const clean = sanitizeRequest(raw.headers, raw.query, options);
  const fromToken = clean.tokens.map(jobFromToken).find((job) => job !== undefined);
  const resolved = fromToken
    ? { job: fromToken }
    : resolveJob(
        { headers: clean.headers, consumer: raw.consumer, route: raw.route },
        options.identity ?? EMPTY_IDENTITY_MAP,
      );
  if (!resolved.job && "problem" in resolved && resolved.problem) return { problem: resolved.problem };
  const status = raw.response?.status;
  const parsed = CaptureRecordSchema.safeParse({
    v: CAPTURE_VERSION,
    at: raw.at,
    method: raw.method.toUpperCase(),
    path: raw.path,
    query: clean.query,
    headers: clean.headers,
    ...capBody(raw.body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    ...(resolved.job ? { job: resolved.job } : {}),
    ...(clean.auth.length > 0 ? { auth: clean.auth } : {}),
    ...(status !== undefined && status >= 100 && status <= 599
      ? {
          response: {
            status,
            ...(raw.response?.latencyMs === undefined || raw.response.latencyMs < 0
              ? {}
              : { latencyMs: raw.response.latencyMs }),
          },
        }
      : {}),
    source: raw.source,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `${issue?.path.join(".") || "(record)"}: ${issue?.message ?? "invalid"}` };
  }
  return { record: parsed.data };
}

/** Splits `/a/b?x=1` into path and raw query. */
export function splitUri(uri: string): { path: string; query: string } {
  const at = uri.indexOf("?");
  const path = at === -1 ? uri : uri.slice(0, at);
  return { path: path.startsWith("/") ? path : `/${path}`, query: at === -1 ? "" : uri.slice(at + 1) };
}
