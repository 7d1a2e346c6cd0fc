/**
 * `request-termination` of Kong 3.9.3 (kong.md §5): trigger, echo, raw body, or the default
 * `{"message": ...}` by status (empty body for statuses without a default).
 */
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../types.ts";

const DEFAULT_RESPONSE: Readonly<Record<number, string>> = {
  401: "Unauthorized",
  404: "Not found",
  405: "Method not allowed",
  500: "An unexpected error occurred",
  502: "Bad Gateway",
  503: "Service unavailable",
};

interface TerminationConfig {
  readonly status_code: number;
  readonly message?: string;
  readonly content_type?: string;
  readonly body?: string;
  readonly echo: boolean;
  readonly trigger?: string;
}

/** `kong.request.get_headers()` / `get_query()`: repeated names become arrays. */
function collapse<V>(entries: Iterable<readonly [string, readonly V[]]>): Record<string, V | V[]> {
  const out: Record<string, V | V[]> = {};
  for (const [k, vs] of entries) out[k] = vs.length === 1 ? vs[0]! : [...vs];
  return out;
}

function requestHeaders(ctx: RequestContext): Record<string, string | string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < ctx.rawHeaders.length; i += 2) {
    const name = ctx.rawHeaders[i]!.toLowerCase();
    map.set(name, [...(map.get(name) ?? []), ctx.rawHeaders[i + 1]!]);
  }
  return collapse(map);
}

function parsedBody(ctx: RequestContext): unknown {
  const type = ctx.headers["content-type"] ?? "";
  const raw = ctx.body.toString("utf8");
  if (type.includes("application/json")) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(raw));
  return undefined;
}

function echo(ctx: RequestContext, message: string | undefined): Record<string, unknown> {
  return {
    message,
    kong: { node_id: ctx.snapshot.nodeId, worker_pid: process.pid, hostname: ctx.snapshot.hostname },
    request: {
      scheme: "http",
      host: ctx.host.replace(/:\d+$/, ""),
      port: ctx.port,
      headers: requestHeaders(ctx),
      query: collapse(ctx.query),
      body: parsedBody(ctx),
      raw_body: ctx.body.toString("utf8"),
      method: ctx.method,
      path: ctx.path,
      uri_captures: { named: ctx.uriCaptures.named, unnamed: ctx.uriCaptures.unnamed },
    },
    matched_route: ctx.route,
    matched_service: ctx.service,
  };
}

export const requestTerminationPlugin: GatewayPlugin = {
  name: "request-termination",
  priority: 2,
  access(ctx: RequestContext, plugin: KongPlugin): PluginResponse | undefined {
    const conf = plugin.config as unknown as TerminationConfig;
    const status = conf.status_code;
    if (conf.trigger !== undefined) {
      const name = conf.trigger.toLowerCase();
      if (ctx.headers[name] === undefined && !ctx.query.has(conf.trigger)) return undefined;
    }
    if (conf.echo) return { kind: "exit", status, body: echo(ctx, conf.message ?? DEFAULT_RESPONSE[status]) };
    if (conf.body !== undefined) {
      return {
        kind: "exit",
        status,
        body: conf.body,
        ...(conf.content_type ? { headers: { "Content-Type": conf.content_type } } : {}),
      };
    }
    const message = conf.message ?? DEFAULT_RESPONSE[status];
    return message === undefined ? { kind: "exit", status } : { kind: "exit", status, body: { message } };
  },
};
