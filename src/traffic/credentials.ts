import { decodeToken, describeToken } from "../identity/decode.ts";
import { containsSecret, redactSecrets } from "../redact.ts";
import { CaptureJobSchema, type CaptureAuth, type CaptureJob } from "./capture-schema.ts";

/** Headers that always carry credentials (Kong's http-log redacts the first two, kong.md §8). */
export const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"] as const;

const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/;

export interface CredentialOptions {
  /** More header names that carry credentials (key-auth's `apikey`, a custom `x-ci-token`, ...). */
  readonly credentialHeaders?: readonly string[];
}

export interface SanitizedRequest {
  readonly headers: Record<string, string>;
  readonly query: string;
  readonly auth: CaptureAuth[];
  /** Raw tokens found, for identity only: callers read claims from them and then let them go. */
  readonly tokens: string[];
}

/**
 * Moves every credential out of a request before it is stored: credential headers, any header or query
 * parameter whose value holds a JWT (Kong's jwt plugin also reads `?jwt=`, kong.md §1.3). A JWT becomes a
 * descriptor (alg, kid, claims, expiry, signature length only); anything else is dropped and only noted.
 */
export function sanitizeRequest(
  headers: Readonly<Record<string, string>>,
  query: string,
  options: CredentialOptions = {},
): SanitizedRequest {
  const configured = new Set([...CREDENTIAL_HEADERS, ...(options.credentialHeaders ?? [])].map(lower));
  const kept: Record<string, string> = {};
  const auth: CaptureAuth[] = [];
  const tokens: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const key = lower(name);
    const token = JWT_SHAPED.exec(value)?.[0];
    if (!configured.has(key) && token === undefined) {
      kept[key] = value;
      continue;
    }
    const scheme = key.endsWith("authorization") ? /^(\w+)\s/.exec(value)?.[1] : undefined;
    if (token !== undefined) tokens.push(token);
    auth.push({
      from: key,
      ...(scheme === undefined ? {} : { scheme }),
      ...(token === undefined ? {} : { token: describeToken(token) }),
    });
  }
  return { headers: kept, query: sanitizeQuery(query, auth, tokens), auth, tokens };
}

function sanitizeQuery(query: string, auth: CaptureAuth[], tokens: string[]): string {
  if (query === "" || !JWT_SHAPED.test(decodeURIComponentSafe(query))) return query;
  const kept: string[] = [];
  for (const pair of query.split("&")) {
    const [name = "", value = ""] = pair.split("=", 2);
    const token = JWT_SHAPED.exec(decodeURIComponentSafe(value))?.[0];
    if (token === undefined) kept.push(pair);
    else {
      tokens.push(token);
      auth.push({ from: `query:${decodeURIComponentSafe(name)}`, token: describeToken(token) });
    }
  }
  return kept.join("&");
}

/**
 * The Buildkite job a token names, read from its claims WITHOUT verification (buildkite.md §1.5):
 * organization_slug, pipeline_slug, build_number, job_id, step_key, build_branch, build_tag, build_commit.
 * Undefined when the token is not a Buildkite OIDC token.
 */
export function jobFromToken(token: string): CaptureJob | undefined {
  let claims: Record<string, unknown>;
  try {
    claims = decodeToken(token).payload;
  } catch {
    return undefined;
  }
  const parsed = CaptureJobSchema.safeParse({
    organization: claims.organization_slug,
    pipeline: claims.pipeline_slug,
    build: claims.build_number,
    job: claims.job_id,
    step: claims.step_key ?? null,
    branch: claims.build_branch,
    tag: claims.build_tag ?? null,
    commit: claims.build_commit,
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * The body as stored: base64, cut at `maxBytes` (the original size is kept when cut). A text body that
 * holds a token or private key has it redacted first: base64 would otherwise hide it from every scanner.
 */
export function capBody(raw: Buffer | undefined, maxBytes: number): { body?: string; bodyBytes?: number } {
  if (raw === undefined || raw.length === 0) return {};
  const text = raw.toString("utf8");
  const body = containsSecret(text) ? Buffer.from(redactSecrets(text)) : raw;
  if (body.length <= maxBytes) return { body: body.toString("base64") };
  return { body: body.subarray(0, maxBytes).toString("base64"), bodyBytes: body.length };
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function lower(name: string): string {
  return name.toLowerCase();
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
