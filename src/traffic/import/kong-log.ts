import { splitUri } from "../record-builder.ts";
import { readLines } from "./lines.ts";
import type { ImportItem } from "./types.ts";

/**
 * Kong `file-log` (one JSON object per line) and `http-log` bodies (an object, or an array when
 * queue.max_batch_size > 1), as serialized by kong/pdk/log.lua (kong.md §8). Kong writes
 * `authorization: REDACTED`, so identity comes from `consumer` / `route` through the identity map.
 */
export async function* importKongLog(file: string): AsyncGenerator<ImportItem> {
  for await (const { line, text } of readLines(file)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      yield { line, problem: `not JSON: ${cause instanceof Error ? cause.message : String(cause)}` };
      continue;
    }
    for (const entry of Array.isArray(json) ? json : [json]) yield fromKongRecord(entry, line);
  }
}

interface KongLogRecord {
  request?: { uri?: unknown; method?: unknown; headers?: unknown };
  response?: { status?: unknown };
  latencies?: { request?: unknown };
  started_at?: unknown;
  consumer?: { username?: unknown; custom_id?: unknown };
  route?: { name?: unknown; id?: unknown };
}

function fromKongRecord(value: unknown, line: number): ImportItem {
  if (value === null || typeof value !== "object") return { line, problem: "not a Kong log record" };
  const rec = value as KongLogRecord;
  const uri = rec.request?.uri;
  const method = rec.request?.method;
  if (typeof uri !== "string" || typeof method !== "string")
    return { line, problem: "request.uri and request.method are required (a Kong 3.x log record)" };
  if (typeof rec.started_at !== "number") return { line, problem: "started_at (ms epoch) is required" };
  const { path, query } = splitUri(uri);
  const status = rec.response?.status;
  const latency = rec.latencies?.request;
  return {
    line,
    exchange: {
      at: new Date(rec.started_at).toISOString(),
      method,
      path,
      query,
      headers: flattenHeaders(rec.request?.headers),
      ...(typeof status === "number"
        ? { response: { status, ...(typeof latency === "number" ? { latencyMs: latency } : {}) } }
        : {}),
      source: "kong-log",
      consumer: {
        ...(typeof rec.consumer?.username === "string" ? { username: rec.consumer.username } : {}),
        ...(typeof rec.consumer?.custom_id === "string" ? { custom_id: rec.consumer.custom_id } : {}),
      },
      route: typeof rec.route?.name === "string" ? rec.route.name : undefined,
    },
  };
}

/** Kong logs lower-cased headers; a repeated header is an array (kong.md §8). */
function flattenHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === null || typeof value !== "object") return out;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === "string") out[name.toLowerCase()] = v;
    else if (Array.isArray(v)) out[name.toLowerCase()] = v.map(String).join(", ");
  }
  return out;
}
