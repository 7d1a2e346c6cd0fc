/**
 * The plugins the embedded gateway implements, with Kong's priorities (kong.md §9). Execution order
 * is priority descending, ties broken by name; a unit test pins it.
 */
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { aclPlugin } from "./plugins/acl.ts";
import { createCorrelationIdPlugin } from "./plugins/correlation-id.ts";
import { createFileLogPlugin } from "./plugins/file-log.ts";
import { createHttpLogPlugin } from "./plugins/http-log.ts";
import { ipRestrictionPlugin } from "./plugins/ip-restriction.ts";
import { jwtPlugin } from "./plugins/jwt/handler.ts";
import { keyAuthPlugin } from "./plugins/key-auth.ts";
import { createRateLimitingPlugin } from "./plugins/rate-limiting.ts";
import { requestTerminationPlugin } from "./plugins/request-termination.ts";
import type { GatewayPlugin } from "./types.ts";

export const IMPLEMENTED_PLUGIN_NAMES = [
  "correlation-id",
  "jwt",
  "key-auth",
  "ip-restriction",
  "acl",
  "rate-limiting",
  "http-log",
  "file-log",
  "request-termination",
] as const;

/** A fresh set of plugin instances (stateful ones, like rate-limiting counters, are per gateway). */
export function createPlugins(deps: { clock: Clock; logger: Logger }): GatewayPlugin[] {
  return sortByPriority([
    createCorrelationIdPlugin(),
    jwtPlugin,
    keyAuthPlugin,
    ipRestrictionPlugin,
    aclPlugin,
    createRateLimitingPlugin(deps.clock),
    createHttpLogPlugin(deps.logger),
    createFileLogPlugin(deps.logger),
    requestTerminationPlugin,
  ]);
}

export function sortByPriority(plugins: readonly GatewayPlugin[]): GatewayPlugin[] {
  return [...plugins].sort(
    (a, b) => b.priority - a.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
