import { streamJsonArray } from "./json-array-stream.ts";
import type { ImportItem } from "./types.ts";

interface HarEntry {
  startedDateTime?: unknown;
  time?: unknown;
  request?: {
    method?: unknown;
    url?: unknown;
    headers?: unknown;
    postData?: { text?: unknown; encoding?: unknown };
  };
  response?: { status?: unknown };
}

/**
 * HAR 1.2 (browser devtools and proxy exports): `log.entries[]`, streamed one entry at a time. Identity
 * comes from the Buildkite token in the Authorization header (decoded, never verified, never stored).
 */
export async function* importHar(file: string): AsyncGenerator<ImportItem> {
  for await (const element of streamJsonArray(file, ["log", "entries"])) {
    if (element.problem !== undefined) yield element;
    else yield fromHarEntry(element.value, element.line);
  }
}

function fromHarEntry(value: unknown, line: number): ImportItem {
  const entry = (value ?? {}) as HarEntry;
  const req = entry.request;
  if (typeof req?.method !== "string" || typeof req.url !== "string")
    return { line, problem: "entry.request.method and entry.request.url are required (HAR 1.2)" };
  if (typeof entry.startedDateTime !== "string")
    return { line, problem: "entry.startedDateTime is required (HAR 1.2)" };
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    return { line, problem: `entry.request.url is not an absolute URL: ${req.url.slice(0, 80)}` };
  }
  // HAR's `status: 0` means no response (blocked, failed, cancelled); `time: -1` means unknown.
  const status = typeof entry.response?.status === "number" ? entry.response.status : 0;
  const time = typeof entry.time === "number" && entry.time >= 0 ? entry.time : undefined;
  return {
    line,
    exchange: {
      at: new Date(entry.startedDateTime).toISOString(),
      method: req.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ""),
      headers: harHeaders(req.headers),
      body: harBody(req.postData),
      ...(status > 0 ? { response: { status, latencyMs: time } } : {}),
      source: "har",
    },
  };
}

function harHeaders(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(value)) return out;
  for (const header of value as { name?: unknown; value?: unknown }[]) {
    if (typeof header.name !== "string" || typeof header.value !== "string") continue;
    const name = header.name.toLowerCase();
    // HTTP/2 pseudo-headers (:authority, :path) are not request headers on replay.
    if (name.startsWith(":")) continue;
    out[name] = out[name] === undefined ? header.value : `${out[name]}, ${header.value}`;
  }
  return out;
}

function harBody(postData: { text?: unknown; encoding?: unknown } | undefined): Buffer | undefined {
  if (typeof postData?.text !== "string" || postData.text === "") return undefined;
  return Buffer.from(postData.text, postData.encoding === "base64" ? "base64" : "utf8");
}
