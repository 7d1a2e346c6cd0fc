/**
 * Kong 3.x declarative config loader (kong.md §7.1): YAML/JSON text or a parsed object in, a
 * `NormalizedConfig` out, or a `SG_KONG_CONFIG_INVALID` error whose `details` is the body Kong's
 * POST /config would answer with (kong.md §7.4).
 *
 * @example
 * const config = parseDeclarativeConfig(readFileSync("kong.yml", "utf8"), { source: "kong.yml" });
 */
import { randomBytes } from "node:crypto";
import { ShadowgateError, type SourceLocation } from "../errors.ts";
import { configurationHash } from "./config-hash.ts";
import { resolveReferences, assignIds } from "./declarative-resolve.ts";
import { parseSource, SourceParseError, type ParsedSource } from "./declarative-source.ts";
import { buildNormalized } from "./declarative-build.ts";
import {
  FOREIGN,
  UNEMULATED_ENTITY_TYPES,
  walkDeclarative,
  ENTITY_TYPES,
  type FieldError,
} from "./declarative-walk.ts";
import { declarativeErrorBody, type ErrTree } from "./error-tree.ts";
import { flattenErrors } from "./flatten-errors.ts";
import { isRecord } from "./schema.ts";
import type { KongDeclarativeErrorBody, NormalizedConfig } from "./types.ts";

export interface ParseOptions {
  /** File name for error messages (file:line for YAML text). */
  readonly source?: string;
  /** Source of Kong's auto-generated credential `key`/`secret` (32 random alphanumerics). */
  readonly randomToken?: () => string;
}

export interface ParsedDeclarativeConfig extends NormalizedConfig {
  /** Entity types present in the input that the embedded gateway ignores (kong.md §7.1 lists them). */
  readonly unemulatedEntities: readonly string[];
  /** `name` of each declared upstream: a service whose host names one is load-balanced by Kong. */
  readonly upstreamNames: readonly string[];
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function randomAlphanumeric(length = 32): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join("");
}

const TOP_LEVEL_META = new Set(["_format_version", "_transform", "_comment", "_ignore", "_workspace"]);

export function parseDeclarativeConfig(input: unknown, options: ParseOptions = {}): ParsedDeclarativeConfig {
  let parsed: ParsedSource;
  try {
    parsed = parseSource(input, options.source);
  } catch (e) {
    if (!(e instanceof SourceParseError)) throw e;
    invalid({ error: `failed parsing declarative configuration: ${e.message}` }, e.location);
  }
  const root = parsed.data;
  if (!isRecord(root))
    invalid({ error: "failed parsing declarative configuration: expected an object" }, parsed.locate([]));
  checkFormatVersion(root, parsed);

  const unknown: Record<string, ErrTree> = {};
  for (const key of Object.keys(root)) {
    const known = TOP_LEVEL_META.has(key) || (ENTITY_TYPES as readonly string[]).includes(key);
    if (!known && !UNEMULATED_ENTITY_TYPES.includes(key)) unknown[key] = "unknown field";
  }
  const walked = walkDeclarative(root);
  Object.assign(walked.errors, unknown);
  fail(walked.errors, walked.flat, parsed);

  assignIds(walked.items);
  const { fks } = resolveReferences(walked.items, walked.errors, walked.flat, (t) => FOREIGN[t] ?? {});
  fail(walked.errors, walked.flat, parsed);

  const randomToken = options.randomToken ?? (() => randomAlphanumeric());
  const entities = buildNormalized(walked.items, fks, randomToken);
  const count = Object.values(entities).reduce((n, list) => n + list.length, 0);
  return {
    formatVersion: "3.0",
    ...entities,
    hash: configurationHash(root, count),
    unemulatedEntities: UNEMULATED_ENTITY_TYPES.filter((t) => Array.isArray(root[t]) && root[t].length > 0),
    upstreamNames: Array.isArray(root["upstreams"])
      ? root["upstreams"].flatMap((u: unknown) =>
          isRecord(u) && typeof u["name"] === "string" ? [u["name"]] : [],
        )
      : [],
  };
}

function checkFormatVersion(root: Record<string, unknown>, parsed: ParsedSource): void {
  const v = root["_format_version"];
  const where = parsed.locate(["_format_version"]);
  if (v === undefined || v === null) invalid({ _format_version: "required field missing" }, where);
  if (v === "1.1" || v === "2.1") {
    // Kong auto-migrates these (db/declarative/migrations/route_path.lua); we refuse rather than guess
    // which paths the old heuristic treated as regexes.
    throw new ShadowgateError(
      "SG_KONG_CONFIG_INVALID",
      `_format_version "${v}" is not supported by the embedded gateway: Kong 3.x would auto-migrate it, ` +
        `prefixing regex paths with "~"; convert it with \`deck file convert\` and set _format_version: "3.0"`,
      where === undefined ? {} : { location: where },
    );
  }
  if (v !== "3.0") invalid({ _format_version: "expected one of: 1.1, 2.1, 3.0" }, where);
}

function fail(errors: Record<string, ErrTree>, flat: FieldError[], parsed: ParsedSource): void {
  if (Object.keys(errors).length === 0) return;
  const body = declarativeErrorBody(errors);
  body.flattened_errors = flattenErrors(flat);
  const first = flat[0];
  invalid(errors, first ? parsed.locate(first.path) : parsed.locate([]), body);
}

function invalid(
  fields: Record<string, ErrTree>,
  location: SourceLocation | undefined,
  body?: KongDeclarativeErrorBody,
): never {
  const details = body ?? declarativeErrorBody(fields);
  throw new ShadowgateError("SG_KONG_CONFIG_INVALID", details.message, {
    details,
    ...(location === undefined ? {} : { location }),
  });
}

/** The Kong 400 body carried by a config error, without the optional `flattened_errors`. */
export function kongErrorBody(error: ShadowgateError, flatten = false): KongDeclarativeErrorBody | undefined {
  const d = error.details as KongDeclarativeErrorBody | undefined;
  if (!d || d.code !== 14) return undefined;
  const { flattened_errors, ...rest } = d;
  return flatten ? { ...rest, flattened_errors: flattened_errors ?? [] } : rest;
}

export type { NormalizedConfig } from "./types.ts";
