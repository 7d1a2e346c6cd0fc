/**
 * One proxied request, in Kong's order (kong.md §6, §9): route match on the normalized path (404)
 * → protocol check (426) → plugin access handlers by priority with scope precedence → no-service 503
 * → upstream with retries (502/504) → response headers → log phase.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import type { KongPlugin } from "../kong/types.ts";
import { upstreamHeaders } from "./forward-headers.ts";
import { elapsedMs, VIA_TOKEN } from "./kong-headers.ts";
import { serializeLog, type LoggedRequest, type LoggedResponse } from "./log-record.ts";
import { sendUpstream, type UpstreamTry } from "./proxy.ts";
import { writeProxiedHead } from "./proxied-response.ts";
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
import type { GatewayPlugin, LogEntry, PluginResponse, RequestContext } from "./types.ts";
import { upstreamPathV0 } from "./upstream-uri.ts";
import { escapeUri, normalizePath } from "./uri.ts";

export interface PipelineDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly requestId: () => string;
  readonly snapshot: () => ConfigSnapshot;
  readonly plugins: readonly GatewayPlugin[];
}

type Ran = { plugin: GatewayPlugin; config: KongPlugin }[];

const EMPTY = Buffer.alloc(0);

/** Bodyless requests (most GETs) skip the stream machinery and the await entirely. */
const hasBody = (req: IncomingMessage): boolean =>
  req.headers["content-length"] !== undefined || req.headers["transfer-encoding"] !== undefined;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

const configured = new WeakMap<ConfigSnapshot, readonly GatewayPlugin[]>();

/** The plugins that have a configuration somewhere in the snapshot; the rest can never apply. */
function configuredPlugins(
  plugins: readonly GatewayPlugin[],
  snapshot: ConfigSnapshot,
): readonly GatewayPlugin[] {
  let list = configured.get(snapshot);
  if (list === undefined) {
    const names = new Set(snapshot.plugins.names());
    configured.set(snapshot, (list = plugins.filter((p) => names.has(p.name))));
  }
  return list;
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
  const startedAtMs = clock.nowMs();
  const bytesBefore = req.socket.bytesWritten;
  const snapshot = deps.snapshot(); // kept for the whole request: reloads are atomic for it
  const requestId = deps.requestId();
  const method = req.method ?? "GET";
  const meta: ResponseMeta = {
    requestId,
    isHead: method === "HEAD",
    accept: req.headers.accept,
    contentType: req.headers["content-type"],
  };
  const rawUrl = req.url ?? "/";
  const q = rawUrl.indexOf("?", 1);
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? "" : rawUrl.slice(q + 1);
  const host = (req.headers.host ?? "").toLowerCase();
  const query = parseQuery(rawQuery);
  const port = req.socket.localPort ?? 0;
  const ip = clientIp(req);
  const logFacts = (
    status: number,
    proxied: boolean,
    upstreamUri: string | undefined,
    tries: readonly UpstreamTry[] = [],
    proxyMs = -1,
    headers: OutgoingHttpHeaders = res.getHeaders(),
  ): LoggedResponse => ({
    status,
    headers,
    size: req.socket.bytesWritten - bytesBefore,
    proxied,
    upstreamUri,
    tries,
    latencies: {
      kong: proxied
        ? elapsedMs(start, clock.monoNs()) - Math.max(0, proxyMs)
        : elapsedMs(start, clock.monoNs()),
      proxy: proxyMs,
      request: Number(clock.monoNs() - start) / 1e6,
    },
  });
  const generated = (r: Rendered, extra: ReadonlyMap<string, string> = new Map()): void =>
    sendGenerated(res, r, meta, extra, [
      { name: "x-kong-response-latency", value: elapsedMs(start, clock.monoNs()) },
    ]);

  if (method === "TRACE") return generated(renderNginxError(405, "Method not allowed", meta));

  const body = hasBody(req) ? await readBody(req) : EMPTY;
  const path = normalizePath(rawPath);
  const match = snapshot.router.match({ method, host, path, headers: req.headers });
  if (!match) {
    generated(renderKongError(404, "no Route matched with those values", meta));
    // A global logger logs no-route requests too (kong.md §8 "When records are produced").
    const globals = deps.plugins.flatMap((plugin) => {
      const config = snapshot.plugins.lookup(plugin.name);
      return config ? [{ plugin, config }] : [];
    });
    if (globals.length > 0) {
      const bare: LoggedRequest = {
        requestId,
        method,
        rawUrl,
        rawHeaders: req.rawHeaders,
        query,
        body,
        host,
        port,
        clientIp: ip,
        startedAtMs,
      };
      runLog(deps, res, bare, globals, () => logFacts(404, false, undefined));
    }
    return;
  }
  const route = match.route;
  const service = route.service ? snapshot.services.get(route.service.id) : undefined;
  const upstreamPath = service
    ? escapeUri(upstreamPathV0(route.strip_path, match.matchedPath, path, service.path ?? "/"))
    : undefined;
  const captures = match.captures;
  const ctx: RequestContext = {
    requestId,
    method,
    rawUrl,
    rawHeaders: req.rawHeaders,
    query,
    host,
    port,
    clientIp: ip,
    startedAtMs,
    rawPath,
    path,
    rawQuery,
    hasQuery: q !== -1,
    body,
    uriCaptures: captures
      ? { named: { ...captures.groups }, unnamed: captures.slice(1).map((c) => c ?? "") }
      : { named: {}, unnamed: [] },
    headers: req.headers,
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
  const upstreamUri = (): string | undefined =>
    upstreamPath === undefined
      ? undefined
      : ctx.hasQuery
        ? `${upstreamPath}?${ctx.upstreamQuery}`
        : upstreamPath;

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

  const ran: Ran = [];
  const routePlugins = snapshot.plugins.forRoute(route.id, service?.id);
  let exit: PluginResponse | undefined;
  try {
    for (const plugin of configuredPlugins(deps.plugins, snapshot)) {
      const config = snapshot.plugins.resolve(
        plugin.name,
        routePlugins,
        route.id,
        service?.id,
        ctx.consumer?.id,
      );
      if (!config) continue;
      // After an exit Kong keeps collecting the remaining plugins (ctx.delay_response) without running
      // their access handlers, so loggers still log the 401/403/429 (kong.md §8).
      ran.push({ plugin, config });
      if (exit === undefined && plugin.access) {
        const answer = plugin.access(ctx, config);
        // Synchronous handlers (jwt, key-auth, acl, ...) skip a microtask turn.
        exit = answer instanceof Promise ? await answer : answer;
      }
    }
  } catch (e) {
    deps.logger.warn(`[${requestId}] plugin error: ${(e as Error).message}`);
    generated(renderNginxError(500, "An unexpected error occurred", meta));
    return runLog(deps, res, ctx, ran, () => logFacts(500, false, upstreamUri()));
  }
  if (exit) {
    const status = exit.status;
    generated(renderPluginResponse(exit, meta), ctx.responseHeaders);
    return runLog(deps, res, ctx, ran, () => logFacts(status, false, upstreamUri()));
  }

  if (!service) {
    generated(renderKongError(503, "no Service found with those values", meta), ctx.responseHeaders);
    return runLog(deps, res, ctx, ran, () => logFacts(503, false, undefined));
  }
  const headers = upstreamHeaders({
    headers: req.headers,
    clientIp: ctx.clientIp,
    host,
    listenerPort: ctx.port,
    path: rawPath,
    requestId,
    service,
    preserveHost: route.preserve_host,
    forwardedPrefix: route.strip_path && match.matchedPath ? match.matchedPath : undefined,
    pluginHeaders: ctx.upstreamHeaders,
  });
  const proxyStart = clock.monoNs();
  const proxyLatency = elapsedMs(start, proxyStart);
  const sentUri = upstreamUri()!;
  const outcome = await sendUpstream(
    snapshot.pools.get(service.id)!,
    service,
    { method, path: sentUri, headers, body },
    () => clock.nowMs(),
  );
  const upstreamLatency = elapsedMs(proxyStart, clock.monoNs());

  if (outcome.kind !== "response") {
    if (outcome.kind === "dns") {
      generated(renderKongError(503, "name resolution failed", meta), ctx.responseHeaders);
      return runLog(deps, res, ctx, ran, () => logFacts(503, false, sentUri));
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
    return runLog(deps, res, ctx, ran, () => logFacts(rendered.status, false, sentUri, outcome.tries));
  }

  const { response, tries } = outcome;
  const sentHeaders = writeProxiedHead(res, response, ctx, ran, { requestId, upstreamLatency, proxyLatency });
  response.pipeTo(res);
  runLog(deps, res, ctx, ran, () =>
    logFacts(response.status, true, sentUri, tries, upstreamLatency, sentHeaders()),
  );
}

/** The log phase, once the response is sent (skipped entirely when no logger applies). */
function runLog(
  deps: PipelineDeps,
  res: ServerResponse,
  req: LoggedRequest,
  ran: Ran,
  facts: () => LoggedResponse,
): void {
  if (!ran.some((r) => r.plugin.log !== undefined)) return;
  const emit = (): void => {
    const done = facts();
    let record: Record<string, unknown> | undefined;
    const entry: LogEntry = { status: done.status, serialize: () => (record ??= serializeLog(req, done)) };
    for (const { plugin, config } of ran) {
      try {
        plugin.log?.(req as RequestContext, config, entry);
      } catch (e) {
        deps.logger.warn(`[${req.requestId}] ${plugin.name} log phase: ${(e as Error).message}`);
      }
    }
  };
  // "close" also fires when the client went away mid-response: Kong logs those requests too.
  if (res.writableFinished) emit();
  else res.once("close", emit);
}
