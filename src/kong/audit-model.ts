/**
 * What the audit needs to know about a normalized config: which plugin of each name applies to a route
 * (Kong's lookup_cfg precedence without the consumer levels, kong.md §7.1) and how to name entities.
 */
import type { KongConsumer, KongPlugin, KongRoute, NormalizedConfig } from "./types.ts";

/** Plugins that identify a consumer; auth runs before acl (kong.md §9 priorities). */
export const AUTH_PLUGINS: ReadonlySet<string> = new Set([
  "jwt",
  "key-auth",
  "basic-auth",
  "hmac-auth",
  "oauth2",
  "ldap-auth",
]);

export interface AuditModel {
  readonly config: NormalizedConfig;
  /** Every route, in config order. */
  readonly routes: readonly KongRoute[];
  /** The plugin of each name that runs on `route` (enabled, not consumer-scoped), by name. */
  effectivePlugins(route: KongRoute): ReadonlyMap<string, KongPlugin>;
  routeName(route: KongRoute): string;
  describePlugin(plugin: KongPlugin): string;
  /** Kong's `anonymous` and top-level references: consumer id or username. */
  findConsumer(idOrUsername: string): KongConsumer | undefined;
  /** Groups of a consumer from its `acls` entries. */
  groupsOf(consumer: KongConsumer): readonly string[];
}

/** Plugins Kong never runs on HTTP traffic: disabled ones and those limited to grpc/tcp protocols. */
export function runsOnHttp(plugin: KongPlugin): boolean {
  return plugin.enabled && plugin.protocols.some((p) => p === "http" || p === "https");
}

/** Scope rank for a route, most specific first (route+service, route, service, global); -1 if not in scope. */
function scopeRank(plugin: KongPlugin, route: KongRoute): number {
  if (plugin.consumer !== undefined) return -1; // jwt/acl/key-auth cannot be consumer-scoped (kong.md §7.1)
  const onRoute = plugin.route?.id === route.id;
  const onService = plugin.service !== undefined && plugin.service.id === route.service?.id;
  if (plugin.route && plugin.service) return onRoute && onService ? 0 : -1;
  if (plugin.route) return onRoute ? 1 : -1;
  if (plugin.service) return onService ? 2 : -1;
  return 3;
}

export function buildAuditModel(config: NormalizedConfig): AuditModel {
  const running = config.plugins.filter(runsOnHttp);
  const cache = new Map<string, ReadonlyMap<string, KongPlugin>>();
  const names = (list: readonly { id: string; name?: string | undefined }[]) =>
    new Map(list.map((e) => [e.id, e.name ?? e.id]));
  const serviceNames = names(config.services);
  const routeNames = names(config.routes);
  const consumerNames = new Map(config.consumers.map((c) => [c.id, c.username ?? c.custom_id ?? c.id]));

  const effectivePlugins = (route: KongRoute): ReadonlyMap<string, KongPlugin> => {
    const cached = cache.get(route.id);
    if (cached) return cached;
    const best = new Map<string, { plugin: KongPlugin; rank: number }>();
    for (const plugin of running) {
      const rank = scopeRank(plugin, route);
      const current = best.get(plugin.name);
      if (rank >= 0 && (current === undefined || rank < current.rank))
        best.set(plugin.name, { plugin, rank });
    }
    const result = new Map([...best].map(([name, { plugin }]) => [name, plugin]));
    cache.set(route.id, result);
    return result;
  };

  return {
    config,
    routes: config.routes,
    effectivePlugins,
    routeName: (route) => route.name ?? route.id,
    describePlugin(plugin) {
      const label = plugin.instance_name ? `${plugin.name} (${plugin.instance_name})` : plugin.name;
      const scopes = [
        plugin.route && `route ${routeNames.get(plugin.route.id) ?? plugin.route.id}`,
        plugin.service && `service ${serviceNames.get(plugin.service.id) ?? plugin.service.id}`,
        plugin.consumer && `consumer ${consumerNames.get(plugin.consumer.id) ?? plugin.consumer.id}`,
      ].filter((s): s is string => typeof s === "string");
      return scopes.length === 0 ? `global plugin ${label}` : `plugin ${label} on ${scopes.join(" and ")}`;
    },
    findConsumer: (ref) => config.consumers.find((c) => c.id === ref || c.username === ref),
    groupsOf: (consumer) => config.acls.filter((a) => a.consumer.id === consumer.id).map((a) => a.group),
  };
}

/** request-termination without `trigger` answers every request itself: nothing reaches the upstream (kong.md §5). */
export function isTerminated(plugins: ReadonlyMap<string, KongPlugin>): boolean {
  const termination = plugins.get("request-termination");
  return termination !== undefined && typeof termination.config["trigger"] !== "string";
}

export function authPluginsOf(plugins: ReadonlyMap<string, KongPlugin>): KongPlugin[] {
  return [...plugins.values()].filter((p) => AUTH_PLUGINS.has(p.name));
}
