/**
 * `correlation-id` (kong.md §9): sets the header upstream when missing or empty, optionally echoes
 * it downstream. `uuid#counter` values are `<per-gateway uuid>#<n>` like Kong's per-worker uuid.
 */
import { randomUUID } from "node:crypto";
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, RequestContext } from "../types.ts";

interface CorrelationConfig {
  readonly header_name: string;
  readonly generator: "uuid" | "uuid#counter" | "tracker";
  readonly echo_downstream: boolean;
}

export function createCorrelationIdPlugin(): GatewayPlugin {
  const workerUuid = randomUUID();
  let counter = 0;
  const generate = (ctx: RequestContext, generator: CorrelationConfig["generator"]): string => {
    if (generator === "uuid") return randomUUID();
    if (generator === "uuid#counter") return `${workerUuid}#${++counter}`;
    return `127.0.0.1-${ctx.port}-${process.pid}-${++counter}-1-${Date.now() / 1000}`;
  };
  return {
    name: "correlation-id",
    priority: 100001,
    access(ctx: RequestContext, plugin: KongPlugin) {
      const conf = plugin.config as unknown as CorrelationConfig;
      const name = conf.header_name.toLowerCase();
      let value = ctx.headers[name];
      if (Array.isArray(value)) value = value[0];
      if (value === undefined || value === "") {
        value = generate(ctx, conf.generator);
        ctx.upstreamHeaders.set(name, value);
      }
      ctx.shared["correlation_id"] = value;
      if (conf.echo_downstream) ctx.responseHeaders.set(name, value);
      return undefined;
    },
  };
}
