/** Route-level rules: which consumers can reach a route given the plugins in its scope (kong.md §3, §7.1). */
import { finding, RULES } from "./audit-catalogue.ts";
import { AUTH_PLUGINS, authPluginsOf, isTerminated, runsOnHttp, type AuditModel } from "./audit-model.ts";
import { anonymousOf } from "./audit-plugin-config.ts";
import type { AuditFinding } from "./audit-types.ts";
import type { KongPlugin, KongRoute } from "./types.ts";

export function restrictedRouteFindings(model: AuditModel, restricted: readonly string[]): AuditFinding[] {
  return [...new Set(restricted)].flatMap((ref) => {
    const route = model.routes.find((r) => r.name === ref || r.id === ref);
    if (!route) return [finding(RULES.restrictedRouteUnknown, `route ${ref}`)];
    const plugins = model.effectivePlugins(route);
    if (plugins.has("acl") || isTerminated(plugins)) return [];
    return [finding(RULES.restrictedRouteWithoutAcl, `route ${model.routeName(route)}`)];
  });
}

/**
 * kong.md §1.4 step 2: anonymous puts an auth plugin in OR mode. A request still has to authenticate if
 * some auth plugin in scope has no anonymous (AND mode); otherwise only the acl decides.
 */
export function anonymousFallbackFindings(model: AuditModel): AuditFinding[] {
  return model.routes.flatMap((route) => {
    const plugins = model.effectivePlugins(route);
    const auth = authPluginsOf(plugins);
    if (isTerminated(plugins) || auth.length === 0 || auth.some((p) => anonymousOf(p) === undefined))
      return [];
    const admitted = auth.filter((p) => aclAdmitsAnonymous(model, p, plugins.get("acl")));
    if (admitted.length === 0) return [];
    const via = admitted.map((p) => `${model.describePlugin(p)}, anonymous: ${anonymousOf(p)}`).join("; ");
    const title = plugins.has("acl")
      ? "anonymous fallback lets unauthenticated requests through (the acl admits the anonymous consumer)"
      : "anonymous fallback lets unauthenticated requests through (no acl on the route)";
    return [
      finding(RULES.anonymousFallbackUnrestricted, `route ${model.routeName(route)} (${via})`, { title }),
    ];
  });
}

/** Once per plugin: a missing anonymous consumer breaks every route the plugin runs on. */
export function anonymousConsumerFindings(model: AuditModel): AuditFinding[] {
  return model.config.plugins.flatMap((plugin) => {
    const anonymous = anonymousOf(plugin);
    if (!AUTH_PLUGINS.has(plugin.name) || !runsOnHttp(plugin) || anonymous === undefined) return [];
    if (model.findConsumer(anonymous)) return [];
    return [
      finding(RULES.anonymousConsumerMissing, `${model.describePlugin(plugin)} (anonymous: ${anonymous})`),
    ];
  });
}

/** kong.md §3.1: allow mode admits a consumer in an allowed group; deny mode admits one in no denied group. */
function aclAdmitsAnonymous(model: AuditModel, auth: KongPlugin, acl: KongPlugin | undefined): boolean {
  const consumer = model.findConsumer(anonymousOf(auth) ?? "");
  if (!consumer) return false; // Kong answers 500 instead (reported as auth-anonymous-consumer-missing)
  if (!acl) return true;
  const groups = model.groupsOf(consumer);
  const allow = acl.config["allow"];
  if (Array.isArray(allow)) return groups.some((g) => allow.includes(g));
  const deny = acl.config["deny"];
  return !(Array.isArray(deny) && groups.some((g) => deny.includes(g)));
}

/** Routes with no auth plugin in scope whose service another route reaches only through auth. */
export function unauthenticatedTwinFindings(model: AuditModel): AuditFinding[] {
  const protectedBy = new Map<string, KongRoute[]>();
  const open: KongRoute[] = [];
  for (const route of model.routes) {
    const plugins = model.effectivePlugins(route);
    if (!route.service || isTerminated(plugins)) continue;
    if (authPluginsOf(plugins).length > 0) {
      protectedBy.set(route.service.id, [...(protectedBy.get(route.service.id) ?? []), route]);
    } else open.push(route);
  }
  return open.flatMap((route) => {
    const siblings = protectedBy.get(route.service?.id ?? "");
    if (!siblings) return [];
    const service = model.config.services.find((s) => s.id === route.service?.id);
    const names = siblings.map((r) => model.routeName(r)).join(", ");
    const restricted = model.effectivePlugins(route).has("ip-restriction");
    return [
      finding(RULES.unauthenticatedTwinRoute, `route ${model.routeName(route)}`, {
        title: `route ${model.routeName(route)} reaches service ${service?.name ?? service?.id ?? "?"} without auth, unlike ${names} (may be intentional, e.g. a health or bench route)`,
        ...(restricted
          ? {
              severity: "low" as const,
              fix: `ip-restriction limits who can call it; ${RULES.unauthenticatedTwinRoute.fix}`,
            }
          : {}),
      }),
    ];
  });
}
