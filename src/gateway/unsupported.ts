/**
 * What a valid Kong config may use that the embedded gateway cannot emulate. Parsing accepts these
 * (Kong would), but the gateway refuses to start or reload with them (SG_TARGET_UNSUPPORTED_CONFIG):
 * a verdict must never silently skip a plugin's behaviour.
 */
import { ShadowgateError } from "../errors.ts";
import type { ParsedDeclarativeConfig } from "../kong/declarative.ts";
import type { KongPlugin } from "../kong/types.ts";

export interface UnsupportedFeature {
  /** The plugin name, or the feature (e.g. "upstreams"). */
  readonly name: string;
  /** Where it is used, e.g. "route 'orders'". */
  readonly where: string;
  readonly reason: string;
}

const HTTP_PROTOCOLS = new Set(["http", "https"]);
const PROXIED_SERVICE_PROTOCOLS = new Set(["http", "https", "tcp", "tls", "udp", "tls_passthrough"]);

function scopeOf(p: KongPlugin, config: ParsedDeclarativeConfig): string {
  const parts: string[] = [];
  const named = <T extends { id: string }>(
    list: readonly T[],
    id: string,
    label: (t: T) => string | undefined,
  ) => label(list.find((e) => e.id === id) ?? ({ id } as T)) ?? id;
  if (p.route) parts.push(`route '${named(config.routes, p.route.id, (r) => r.name)}'`);
  if (p.service) parts.push(`service '${named(config.services, p.service.id, (s) => s.name)}'`);
  if (p.consumer) parts.push(`consumer '${named(config.consumers, p.consumer.id, (c) => c.username)}'`);
  return parts.length === 0 ? "global" : parts.join(" + ");
}

export function unsupportedFeatures(
  config: ParsedDeclarativeConfig,
  implemented: ReadonlySet<string>,
): UnsupportedFeature[] {
  const out: UnsupportedFeature[] = [];
  for (const p of config.plugins) {
    // A disabled plugin, or one bound to non-HTTP protocols only, never runs on the HTTP proxy.
    if (!p.enabled || !p.protocols.some((x) => HTTP_PROTOCOLS.has(x))) continue;
    const where = scopeOf(p, config);
    if (!implemented.has(p.name)) {
      out.push({ name: p.name, where, reason: "plugin not emulated" });
      continue;
    }
    if (p.config["custom_fields_by_lua"] !== undefined)
      out.push({ name: p.name, where, reason: "custom_fields_by_lua (Lua code) cannot run" });
    if (p.name === "rate-limiting" && p.config["policy"] !== "local")
      out.push({
        name: p.name,
        where,
        reason: `policy '${String(p.config["policy"])}' (only 'local' is emulated)`,
      });
  }
  for (const s of config.services) {
    if (!PROXIED_SERVICE_PROTOCOLS.has(s.protocol))
      out.push({
        name: `protocol ${s.protocol}`,
        where: `service '${s.name ?? s.id}'`,
        reason: "not proxied",
      });
    if (config.upstreamNames.includes(s.host))
      out.push({
        name: "upstreams",
        where: `service '${s.name ?? s.id}'`,
        reason: `host '${s.host}' names an upstream (load balancing is not emulated)`,
      });
  }
  return out;
}

export function assertEmulated(config: ParsedDeclarativeConfig, implemented: ReadonlySet<string>): void {
  const features = unsupportedFeatures(config, implemented);
  if (features.length === 0) return;
  const list = features.map((f) => `${f.name} (${f.where}: ${f.reason})`).join("; ");
  const names = [...new Set(features.map((f) => f.name))].map((n) => `'${n}'`).join(", ");
  throw new ShadowgateError(
    "SG_TARGET_UNSUPPORTED_CONFIG",
    `the embedded gateway does not emulate ${list}; use --target docker to test this config on real Kong, or remove ${names}`,
    { details: { unsupported: features } },
  );
}
