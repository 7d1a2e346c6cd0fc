/**
 * rate-limiting configs Kong refuses in DB-less mode (kong.md §4.1). Kong validates disabled plugins too,
 * so these rules look at every rate-limiting instance, enabled or not.
 */
import { finding, RULES } from "./audit-catalogue.ts";
import type { AuditModel } from "./audit-model.ts";
import { isRecord } from "./entities.ts";
import type { AuditFinding } from "./audit-types.ts";

/** config.redis.host, or the deprecated flat redis_host shorthand Kong still accepts. */
export function redisHostOf(config: Readonly<Record<string, unknown>>): string | undefined {
  const nested = isRecord(config["redis"]) ? config["redis"]["host"] : undefined;
  const host = nested ?? config["redis_host"];
  return typeof host === "string" && host !== "" ? host : undefined;
}

export function rateLimitingFindings(model: AuditModel): AuditFinding[] {
  return model.config.plugins.flatMap((plugin) => {
    if (plugin.name !== "rate-limiting") return [];
    const policy = plugin.config["policy"];
    const entity = model.describePlugin(plugin);
    if (policy === "cluster") return [finding(RULES.rateLimitingClusterPolicy, entity)];
    if (policy === "redis" && redisHostOf(plugin.config) === undefined)
      return [finding(RULES.rateLimitingRedisWithoutHost, entity)];
    return [];
  });
}
