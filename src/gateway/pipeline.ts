/**
 * One proxied request, in Kong's order (kong.md §6, §9): route match (404) → protocol check (426)
 * → plugin access handlers by priority with scope precedence → no-service 503 → upstream with
 * retries (502/504) → response headers → log phase.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { KongPlugin } from "../kong/types.ts";
import { upstreamHeaders } from "./forward-headers.ts";
import { canonicalHeaderName, elapsedMs, HOP_BY_HOP, SERVER_TOKEN, VIA_TOKEN } from "./kong-headers.ts";
import { sendUpstream } from "./proxy.ts";
import { parseQuery } from "./query.ts";
import {
  renderKongError,
  renderNginxError,
  renderPluginResponse,
  sendGenerated,
  type Rendered,
  type ResponseMeta,
} from "./respond.ts";
import type { ConfigSnapshot } from "./snapshot.ts";
import type { GatewayPlugin, RequestContext } from "./types.ts";
import { upstreamPathV0 } from "./upstream-uri.ts";

export interface PipelineDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly requestId: () => string;
  readonly snapshot: () => ConfigSnapshot;
  readonly plugins: readonly GatewayPlugin[];
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? "";
  return ip.startsWith("::ffff:") ? ip.slice(7) : ip;
}

export async function handleProxyRequest(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { clock } = deps;
  const start = clock.monoNs();
  const snapshot = deps.snapshot(); // kept for the whole request: reloads are atomic for it
  const requestId = deps.requestId();
  const method = req.method ?? "GET";
  const meta: ResponseMeta = {
    requestId,
    isHead: method === "HEAD",
    accept: req.headers.accept,
    contentType: req.headers["content-type"],
  };
  const generated = (r: Rendered, extra: ReadonlyMap<string, string> = new Map()): void =>
    sendGenerated(res, r, meta, extra, [
      { name: "x-kong-response-latency", value: elapsedMs(start, clock.monoNs()) },
    ]);

  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?");
  const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? "" : rawUrl.slice(q + 1);
  if (method === "TRACE") return generated(renderNginxError(405, "Method not allowed", meta));

  const body = await readBody(req);
  const host = (req.headers.host ?? "").toLowerCase();
  const match = snapshot.router.match({ method, host, path, headers: req.headers });
  if (!match) return generated(renderKongError(404, "no Route matched with those values", meta));
  const route = match.route;

  if (!route.protocols.includes("http")) {
    const code = route.https_redirect_status_code;
    if (code === 426) {
      const upgrade = new Map([
        ["connection", "Upgrade"],
        ["upgrade", "TLS/1.2, HTTP/1.1"],
      ]);
      return generated(renderKongError(426, "Please use HTTPS protocol", meta), upgrade);
    }
    const location = new Map([["location", `https://${host.replace(/:\d+$/, "")}${rawUrl}`]]);
    return generated({ status: code, headers: new Map(), body: "" }, location);
  }

  const service = route.service ? snapshot.services.get(route.service.id) : undefined;
  const regexMatch = route.paths?.find((p) => p.startsWith("~"));
  const captures = regexMatch ? new RegExp(`^(?:${regexMatch.slice(1)})`).exec(path) : null;
  const ctx: RequestContext = {
    requestId,
    method,
    path,
    rawQuery,
    query: parseQuery(rawQuery),
    body,
    uriCaptures: {
      named: { ...(captures?.groups ?? {}) },
      unnamed: captures ? captures.slice(1).map((c) => c ?? "") : [],
    },
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    clientIp: clientIp(req),
    host,
    port: req.socket.localPort ?? 0,
    route,
    service,
    snapshot,
    nowSeconds: () => Math.floor(clock.nowMs() / 1000),
    consumer: undefined,
    credential: undefined,
    upstreamHeaders: new Map(),
    responseHeaders: new Map(),
    shared: {},
    upstreamQuery: rawQuery,
  };

  const ran: { plugin: GatewayPlugin; config: KongPlugin }[] = [];
  try {
    for (const plugin of deps.plugins) {
      const config = snapshot.plugins.lookup(plugin.name, route.id, service?.id, ctx.consumer?.id);
      if (!config) continue;
      ran.push({ plugin, config });
      const exit = await plugin.access?.(ctx, config);
      if (exit) {
        generated(renderPluginResponse(exit, meta), ctx.responseHeaders);
        return runLog(deps, ctx, ran, exit.status);
      }
    }
  } catch (e) {
    deps.logger.warn(`[${requestId}] plugin error: ${(e as Error).message}`);
    generated(renderNginxError(500, "An unexpected error occurred", meta));
    return runLog(deps, ctx, ran, 500);
  }

  if (!service) {
    generated(renderKongError(503, "no Service found with those values", meta), ctx.responseHeaders);
    return runLog(deps, ctx, ran, 503);
  }
  const pool = snapshot.pools.get(service.id)!;
  const upstreamPath = upstreamPathV0(route.strip_path, match.matchedPath, path, service.path ?? "/");
  const headers = upstreamHeaders({
    headers: req.headers,
    clientIp: ctx.clientIp,
    host,
    listenerPort: ctx.port,
    path,
    requestId,
    service,
    preserveHost: route.preserve_host,
    forwardedPrefix: route.strip_path && match.matchedPath ? match.matchedPath : undefined,
    pluginHeaders: ctx.upstreamHeaders,
  });
  const proxyStart = clock.monoNs();
  const proxyLatency = elapsedMs(start, proxyStart);
  const outcome = await sendUpstream(pool, service, {
    method,
    path: ctx.upstreamQuery === "" ? upstreamPath : `${upstreamPath}?${ctx.upstreamQuery}`,
    headers,
    body,
  });
  const upstreamLatency = elapsedMs(proxyStart, clock.monoNs());

  if (outcome.kind !== "response") {
    if (outcome.kind === "dns") {
      generated(renderKongError(503, "name resolution failed", meta), ctx.responseHeaders);
      return runLog(deps, ctx, ran, 503);
    }
    // nginx error pages after KONG_PROXIED: Via and proxy/upstream latency, not response latency.
    const rendered =
      outcome.kind === "timeout"
        ? renderNginxError(504, "The upstream server is timing out", meta)
        : renderNginxError(502, "An invalid response was received from the upstream server", meta);
    const extra = new Map(ctx.responseHeaders);
    extra.set("via", VIA_TOKEN);
    sendGenerated(res, rendered, meta, extra, [
      { name: "x-kong-upstream-latency", value: upstreamLatency },
      { name: "x-kong-proxy-latency", value: proxyLatency },
    ]);
    return runLog(deps, ctx, ran, rendered.status);
  }

  const { data } = outcome;
  const out = new Map<string, string | string[]>();
  for (const [name, value] of Object.entries(data.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out.set(name, value);
  }
  const upstreamVia = out.get("via");
  out.set("via", upstreamVia ? `${String(upstreamVia)}, ${VIA_TOKEN}` : VIA_TOKEN);
  if (!out.has("server")) out.set("server", SERVER_TOKEN);
  for (const [k, v] of ctx.responseHeaders) out.set(k, v);
  out.set("x-kong-upstream-latency", String(upstreamLatency));
  out.set("x-kong-proxy-latency", String(proxyLatency));
  out.set("x-kong-request-id", requestId);
  const filtered = new Map([...out].map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
  for (const { plugin, config } of ran) plugin.headerFilter?.(ctx, config, filtered);
  res.statusCode = data.statusCode;
  for (const [k, v] of out) {
    const name = canonicalHeaderName(k);
    if (Array.isArray(v) && k === "set-cookie") res.setHeader(name, v);
    else res.setHeader(name, filtered.get(k) ?? (Array.isArray(v) ? v.join(", ") : v));
  }
  for (const [k, v] of filtered) if (!out.has(k)) res.setHeader(canonicalHeaderName(k), v);
  if (method === "HEAD") {
    data.body.resume();
    res.end();
  } else {
    data.body.on("error", () => res.destroy());
    data.body.pipe(res);
  }
  res.on("finish", () => runLog(deps, ctx, ran, data.statusCode));
}

function runLog(
  deps: PipelineDeps,
  ctx: RequestContext,
  ran: { plugin: GatewayPlugin; config: KongPlugin }[],
  status: number,
): void {
  for (const { plugin, config } of ran) {
    try {
      plugin.log?.(ctx, config, status);
    } catch (e) {
      deps.logger.warn(`[${ctx.requestId}] ${plugin.name} log phase: ${(e as Error).message}`);
    }
  }
}
