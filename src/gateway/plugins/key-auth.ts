/** `key-auth` of Kong 3.9.3 (kong.md §3.2); family-2 bodies with `WWW-Authenticate: Key`. */
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../types.ts";
import { authAccess, setConsumer } from "./consumer.ts";

interface KeyAuthConfig {
  readonly key_names: readonly string[];
  readonly hide_credentials: boolean;
  readonly anonymous?: string;
  readonly key_in_header: boolean;
  readonly key_in_query: boolean;
  readonly key_in_body: boolean;
  readonly run_on_preflight: boolean;
  readonly realm?: string;
}

function headerValues(ctx: RequestContext, name: string): string[] {
  const lower = name.toLowerCase().replace(/_/g, "-");
  const out: string[] = [];
  for (let i = 0; i + 1 < ctx.rawHeaders.length; i += 2) {
    if (ctx.rawHeaders[i]!.toLowerCase() === lower) out.push(ctx.rawHeaders[i + 1]!);
  }
  return out;
}

function bodyArgs(ctx: RequestContext): Record<string, unknown> {
  const type = ctx.headers["content-type"] ?? "";
  try {
    if (type.includes("application/json"))
      return JSON.parse(ctx.body.toString("utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (type.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(ctx.body.toString("utf8")));
  return {};
}

type Found = { key: string } | { duplicate: true } | undefined;

function findKey(ctx: RequestContext, conf: KeyAuthConfig): Found {
  for (const name of conf.key_names) {
    if (conf.key_in_header) {
      const values = headerValues(ctx, name);
      if (values.length > 1) return { duplicate: true };
      if (values.length === 1) {
        if (conf.hide_credentials) ctx.upstreamHeaders.set(name.toLowerCase(), null);
        return { key: values[0]! };
      }
    }
    if (conf.key_in_query) {
      const values = ctx.query.get(name) ?? [];
      if (values.length > 1) return { duplicate: true };
      if (typeof values[0] === "string") {
        if (conf.hide_credentials) {
          ctx.upstreamQuery = ctx.upstreamQuery
            .split("&")
            .filter((p) => decodeURIComponent(p.split("=")[0] ?? "") !== name)
            .join("&");
        }
        return { key: values[0] };
      }
    }
    if (conf.key_in_body) {
      const v = bodyArgs(ctx)[name];
      if (Array.isArray(v)) return { duplicate: true };
      if (typeof v === "string") return { key: v };
    }
  }
  return undefined;
}

function authenticate(ctx: RequestContext, conf: KeyAuthConfig): PluginResponse | undefined {
  const headers = { "WWW-Authenticate": conf.realm === undefined ? "Key" : `Key realm="${conf.realm}"` };
  const found = findKey(ctx, conf);
  if (found && "duplicate" in found)
    return { kind: "error", status: 401, message: "Duplicate API key found", headers };
  if (!found || found.key === "")
    return { kind: "error", status: 401, message: "No API key found in request", headers };
  const credential = ctx.snapshot.keyauthByKey.get(found.key);
  if (!credential) return { kind: "error", status: 401, message: "Unauthorized", headers };
  const consumer = ctx.snapshot.consumers.get(credential.consumer.id);
  if (!consumer) throw new Error(`consumer ${credential.consumer.id} not found`);
  setConsumer(ctx, consumer, { id: credential.id, identifier: credential.id });
  return undefined;
}

export const keyAuthPlugin: GatewayPlugin = {
  name: "key-auth",
  priority: 1250,
  access(ctx: RequestContext, plugin: KongPlugin): PluginResponse | undefined {
    const conf = plugin.config as unknown as KeyAuthConfig;
    return authAccess(ctx, conf, () => authenticate(ctx, conf));
  },
};
