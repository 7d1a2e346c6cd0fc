/**
 * `kong.log.serialize()` of Kong 3.9.3 (kong/pdk/log.lua, kong.md §8): the record http-log and
 * file-log send. nil fields are omitted; `authorization` / `proxy-authorization` request headers are
 * "REDACTED"; repeated headers and query args become arrays.
 */
import type { OutgoingHttpHeaders } from "node:http";
import type { KongConsumer, KongRoute, KongService } from "../kong/types.ts";
import type { QueryValue } from "./query.ts";
import type { UpstreamTry } from "./proxy.ts";
import type { AuthenticatedCredential } from "./types.ts";

/**
 * The default workspace id Kong's DB-less loader inserts when a file declares none
 * (kong/db/schema/others/declarative_config.lua `insert_default_workspace_if_not_given`).
 */
export const DEFAULT_WORKSPACE_ID = "0dc6f45b-8f8d-40d2-a504-473544ee190b";

/** The request side of a record: a RequestContext, or the bare facts of a no-route 404. */
export interface LoggedRequest {
  readonly requestId: string;
  readonly method: string;
  readonly rawUrl: string;
  readonly rawHeaders: readonly string[];
  readonly query: ReadonlyMap<string, readonly QueryValue[]>;
  readonly body: Buffer;
  readonly host: string;
  readonly port: number;
  readonly clientIp: string;
  readonly startedAtMs: number;
  readonly route?: KongRoute | undefined;
  readonly service?: KongService | undefined;
  readonly consumer?: KongConsumer | undefined;
  readonly credential?: AuthenticatedCredential | undefined;
  readonly shared?: Record<string, unknown>;
}

export interface LoggedResponse {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly size: number;
  readonly proxied: boolean;
  readonly upstreamUri: string | undefined;
  readonly tries: readonly UpstreamTry[];
  readonly latencies: { readonly kong: number; readonly proxy: number; readonly request: number };
}

const REDACTED_HEADERS = new Set(["authorization", "proxy-authorization"]);

function requestHeaders(rawHeaders: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = REDACTED_HEADERS.has(name) ? "REDACTED" : rawHeaders[i + 1]!;
    const prev = out[name];
    out[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function responseHeaders(headers: OutgoingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

function querystring(query: ReadonlyMap<string, readonly QueryValue[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, vs] of query) out[k] = vs.length === 1 ? vs[0] : [...vs];
  return out;
}

/** Approximate `$request_length`: request line, header lines and body. */
function requestSize(req: LoggedRequest): number {
  let n = `${req.method} ${req.rawUrl} HTTP/1.1\r\n\r\n`.length + req.body.length;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
    n += Buffer.byteLength(req.rawHeaders[i]!) + Buffer.byteLength(req.rawHeaders[i + 1]!) + 4;
  return n;
}

const withWorkspace = <T extends object>(entity: T | undefined): (T & { ws_id: string }) | undefined =>
  entity === undefined ? undefined : { ...entity, ws_id: DEFAULT_WORKSPACE_ID };

export function serializeLog(req: LoggedRequest, res: LoggedResponse): Record<string, unknown> {
  const hostNoPort = req.host.replace(/:\d+$/, "");
  const upstreamStatus = res.proxied
    ? [...res.tries.filter((t) => t.code !== undefined).map((t) => String(t.code)), String(res.status)]
    : res.tries.map((t) => String(t.code ?? ""));
  const record: Record<string, unknown> = {
    request: {
      id: req.requestId,
      uri: req.rawUrl,
      url: `http://${hostNoPort}:${req.port}${req.rawUrl}`,
      querystring: querystring(req.query),
      method: req.method,
      headers: requestHeaders(req.rawHeaders),
      size: requestSize(req),
    },
    upstream_uri: res.upstreamUri,
    upstream_status: upstreamStatus.join(", "),
    response: { status: res.status, size: res.size, headers: responseHeaders(res.headers) },
    latencies: {
      kong: res.latencies.kong,
      proxy: res.latencies.proxy,
      request: res.latencies.request,
      receive: 0,
    },
    tries: res.tries.map((t) => ({
      balancer_start: t.startedAtMs,
      balancer_start_ns: t.startedAtMs * 1e6,
      ip: t.ip,
      port: t.port,
      balancer_latency: 0,
      balancer_latency_ns: 0,
      ...(t.state === undefined ? {} : { state: t.state, code: t.code }),
    })),
    authenticated_entity: req.credential ? { id: req.credential.id } : undefined,
    consumer: req.consumer,
    route: withWorkspace(req.route),
    service: withWorkspace(req.service),
    client_ip: req.clientIp,
    started_at: req.startedAtMs,
    source: res.proxied ? "upstream" : "kong",
    workspace: DEFAULT_WORKSPACE_ID,
    workspace_name: "default",
    correlation_id: req.shared?.["correlation_id"],
  };
  return JSON.parse(JSON.stringify(record)) as Record<string, unknown>; // drops undefined (nil) fields
}
