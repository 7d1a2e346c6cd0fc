/**
 * Upstream request headers Kong sets (kong.md §6.3). No client is a trusted IP (Kong's default
 * `trusted_ips` is empty), so client X-Forwarded-Proto/Host/Port/Path/Prefix are replaced.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { KongService } from "../kong/types.ts";
import { HOP_BY_HOP, VIA_TOKEN } from "./kong-headers.ts";

export interface ForwardInput {
  readonly headers: IncomingHttpHeaders;
  readonly clientIp: string;
  readonly host: string;
  readonly listenerPort: number;
  readonly path: string;
  readonly requestId: string;
  readonly service: KongService;
  readonly preserveHost: boolean;
  readonly forwardedPrefix: string | undefined;
  readonly pluginHeaders: ReadonlyMap<string, string | null>;
}

/** `upstream_host`: the service host, with the port when it is not the scheme's default. */
function serviceHostHeader(s: KongService): string {
  const defaultPort = s.protocol === "https" ? 443 : 80;
  return s.port === defaultPort ? s.host : `${s.host}:${s.port}`;
}

const PORT_SUFFIX = /:\d+$/;

/** `host.replace(/:\d+$/, "")` without running the regex on the common port-less host. */
function hostWithoutPort(host: string): string {
  return host.includes(":") ? host.replace(PORT_SUFFIX, "") : host;
}

export function upstreamHeaders(input: ForwardInput): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const headers = input.headers;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || name === "host" || name === "content-length") continue;
    out[name] = value;
  }
  const clientXff = input.headers["x-forwarded-for"];
  out["host"] = input.preserveHost ? (input.headers.host ?? input.host) : serviceHostHeader(input.service);
  out["x-forwarded-for"] = clientXff ? `${String(clientXff)}, ${input.clientIp}` : input.clientIp;
  out["x-forwarded-proto"] = "http";
  out["x-forwarded-host"] = hostWithoutPort(input.host);
  out["x-forwarded-port"] = String(input.listenerPort);
  out["x-forwarded-path"] = input.path;
  if (input.forwardedPrefix !== undefined) out["x-forwarded-prefix"] = input.forwardedPrefix;
  else delete out["x-forwarded-prefix"];
  out["x-real-ip"] = input.clientIp;
  const clientVia = input.headers.via;
  out["via"] = clientVia ? `${clientVia}, ${VIA_TOKEN}` : VIA_TOKEN;
  out["x-kong-request-id"] = input.requestId;
  for (const [name, value] of input.pluginHeaders) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
}
