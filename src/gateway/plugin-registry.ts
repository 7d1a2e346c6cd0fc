/**
 * The plugins the embedded gateway implements, with Kong's priorities (kong.md §9). Execution order
 * is priority descending, ties broken by name; a unit test pins it.
 */
import type { Clock } from "../clock.ts";
import { aclPlugin } from "./plugins/acl.ts";
import { createCorrelationIdPlugin } from "./plugins/correlation-id.ts";
import { jwtPlugin } from "./plugins/jwt/handler.ts";
import { keyAuthPlugin } from "./plugins/key-auth.ts";
import { createRateLimitingPlugin } from "./plugins/rate-limiting.ts";
import { requestTerminationPlugin } from "./plugins/request-termination.ts";
import type { GatewayPlugin } from "./types.ts";

export const IMPLEMENTED_PLUGIN_NAMES = [
  "correlation-id",
  "jwt",
  "key-auth",
  "acl",
  "rate-limiting",
  "request-termination",
] as const;

/** A fresh set of plugin instances (stateful ones, like rate-limiting counters, are per gateway). */
export function createPlugins(clock: Clock): GatewayPlugin[] {
  return sortByPriority([
    createCorrelationIdPlugin(),
    jwtPlugin,
    keyAuthPlugin,
    aclPlugin,
    createRateLimitingPlugin(clock),
    requestTerminationPlugin,
  ]);
}

export function sortByPriority(plugins: readonly GatewayPlugin[]): GatewayPlugin[] {
  return [...plugins].sort(
    (a, b) => b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
