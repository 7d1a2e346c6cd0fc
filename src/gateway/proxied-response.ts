/**
 * The head of a proxied response (kong.md §6.3): the upstream's headers minus hop-by-hop ones,
 * `Via` appended, the upstream `Server` kept (Kong's token only when there is none), plugin headers,
 * X-Kong-Upstream-Latency / X-Kong-Proxy-Latency / X-Kong-Request-Id, then header_filter handlers.
 */
import type { OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { KongPlugin } from "../kong/types.ts";
import { canonicalHeaderName, HOP_BY_HOP, SERVER_TOKEN, VIA_TOKEN } from "./kong-headers.ts";
import type { UpstreamResponse } from "./proxy.ts";
import type { GatewayPlugin, RequestContext } from "./types.ts";

export interface ProxiedTimings {
  readonly requestId: string;
  readonly upstreamLatency: number;
  readonly proxyLatency: number;
}

/**
 * With a known length the head goes in one `writeHead(status, [name, value, ...])`: node formats it
 * straight from the list instead of keeping a header object per setHeader call. Returns the headers as
 * `res.getHeaders()` would have (lower-case names), built only when the log phase asks.
 */
export function writeProxiedHead(
  res: ServerResponse,
  response: UpstreamResponse,
  ctx: RequestContext,
  ran: readonly { plugin: GatewayPlugin; config: KongPlugin }[],
  t: ProxiedTimings,
): () => OutgoingHttpHeaders {
  const out = new Map<string, string | string[]>();
  const upstream = response.headers;
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out.set(name, value);
  }
  const upstreamVia = out.get("via");
  out.set("via", upstreamVia ? `${String(upstreamVia)}, ${VIA_TOKEN}` : VIA_TOKEN);
  if (!out.has("server")) out.set("server", SERVER_TOKEN);
  for (const [k, v] of ctx.responseHeaders) out.set(k, v);
  out.set("x-kong-upstream-latency", String(t.upstreamLatency));
  out.set("x-kong-proxy-latency", String(t.proxyLatency));
  out.set("x-kong-request-id", t.requestId);
  let filters: { plugin: GatewayPlugin; config: KongPlugin }[] | undefined;
  for (const r of ran) if (r.plugin.headerFilter !== undefined) (filters ??= []).push(r);
  if (filters !== undefined) {
    const flat = new Map([...out].map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
    for (const { plugin, config } of filters) plugin.headerFilter!(ctx, config, flat);
    for (const k of out.keys()) if (!flat.has(k)) out.delete(k);
    for (const [k, v] of flat) if (k === "set-cookie" ? !out.has(k) : true) out.set(k, v);
  }
  if (out.has("content-length")) {
    const list: string[] = [];
    for (const [k, v] of out) {
      const name = canonicalHeaderName(k);
      // Set-Cookie must stay a list; other repeated headers are joined as nginx forwards them.
      if (!Array.isArray(v)) list.push(name, v);
      else if (k === "set-cookie") for (const cookie of v) list.push(name, cookie);
      else list.push(name, v.join(", "));
    }
    res.writeHead(response.status, list);
  } else {
    // No length: node picks Content-Length or chunked when the body ends (proxy.ts pipeTo), which it
    // can only do while the head is still unwritten.
    res.statusCode = response.status;
    for (const [k, v] of out)
      res.setHeader(canonicalHeaderName(k), Array.isArray(v) && k !== "set-cookie" ? v.join(", ") : v);
  }
  return () => {
    const sent: OutgoingHttpHeaders = {};
    for (const [k, v] of out) sent[k] = Array.isArray(v) && k !== "set-cookie" ? v.join(", ") : v;
    return sent;
  };
}
