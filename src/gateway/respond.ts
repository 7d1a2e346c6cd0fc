/**
 * Writing Kong-generated responses: plugin exits (family 1), `kong.response.error` (family 2) and
 * nginx error pages (family 3), with the headers Kong adds to each (kong.md §0, §6.3).
 */
import type { ServerResponse } from "node:http";
import { cjsonEncode, getMimeType, getResponseType, renderErrorTemplate } from "./error-templates.ts";
import { canonicalHeaderName, SERVER_TOKEN } from "./kong-headers.ts";
import type { PluginResponse } from "./types.ts";

export interface ResponseMeta {
  readonly requestId: string;
  readonly isHead: boolean;
  /** Request Accept and Content-Type, for format negotiation. */
  readonly accept: string | undefined;
  readonly contentType: string | undefined;
}

export interface Rendered {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly body: string | Buffer;
}

export function renderPluginResponse(r: PluginResponse, meta: ResponseMeta): Rendered {
  const headers = new Map<string, string>();
  for (const [k, v] of Object.entries(r.headers ?? {})) headers.set(k.toLowerCase(), v);
  if (r.kind === "error") {
    const type = headers.get("content-type") ?? getResponseType(meta.accept);
    headers.set("content-type", type);
    return { status: r.status, headers, body: renderErrorTemplate(type, r.message, meta.requestId) };
  }
  if (r.body === undefined || r.body === null) return { status: r.status, headers, body: "" };
  if (typeof r.body === "string" || Buffer.isBuffer(r.body))
    return { status: r.status, headers, body: r.body };
  if (!headers.has("content-type")) headers.set("content-type", "application/json; charset=utf-8");
  return { status: r.status, headers, body: cjsonEncode(r.body) };
}

/** Family 2: format from Accept only. */
export function renderKongError(status: number, message: string, meta: ResponseMeta): Rendered {
  return renderPluginResponse({ kind: "error", status, message }, meta);
}

/**
 * Family 3 (kong/error_handlers.lua): Accept, then Content-Type, then error_default_type text/plain,
 * read with `get_mime_type` (whole header, no q-values: `*\/*` and lists fall back to JSON).
 */
export function renderNginxError(status: number, message: string, meta: ResponseMeta): Rendered {
  const type = getMimeType(meta.accept ?? meta.contentType ?? "text/plain");
  return {
    status,
    headers: new Map([["content-type", type]]),
    body: renderErrorTemplate(type, message, meta.requestId),
  };
}

/** Sends a Kong-generated response with X-Kong-Response-Latency, Server and X-Kong-Request-Id. */
export function sendGenerated(
  res: ServerResponse,
  rendered: Rendered,
  meta: ResponseMeta,
  extra: ReadonlyMap<string, string>,
  latency: { readonly name: string; readonly value: number }[],
): void {
  const headers = new Map(rendered.headers);
  for (const [k, v] of extra) headers.set(k, v);
  for (const { name, value } of latency) headers.set(name, String(value));
  if (!headers.has("server")) headers.set("server", SERVER_TOKEN);
  headers.set("x-kong-request-id", meta.requestId);
  const noBody =
    rendered.status === 204 || rendered.status === 304 || (rendered.status >= 100 && rendered.status < 200);
  if (!noBody) headers.set("content-length", String(Buffer.byteLength(rendered.body)));
  res.statusCode = rendered.status;
  for (const [k, v] of headers) res.setHeader(canonicalHeaderName(k), v);
  res.end(meta.isHead || noBody ? undefined : rendered.body);
}
