/** `acl` of Kong 3.9.3 (kong.md §3.1); family-2 bodies. */
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../types.ts";

interface AclConfig {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
  readonly hide_groups_header: boolean;
  readonly always_use_authenticated_groups: boolean;
}

const forbidden: PluginResponse = { kind: "error", status: 403, message: "You cannot consume this service" };
const unauthorized: PluginResponse = { kind: "error", status: 401, message: "Unauthorized" };

export const aclPlugin: GatewayPlugin = {
  name: "acl",
  priority: 950,
  access(ctx: RequestContext, plugin: KongPlugin): PluginResponse | undefined {
    const conf = plugin.config as unknown as AclConfig;
    const authGroups = ctx.shared["authenticated_groups"] as string[] | undefined;
    const useAuthGroups =
      authGroups !== undefined &&
      authGroups.length > 0 &&
      (ctx.credential === undefined || conf.always_use_authenticated_groups);
    let groups: readonly string[];
    if (ctx.consumer && !useAuthGroups) {
      groups = (ctx.snapshot.aclsByConsumer.get(ctx.consumer.id) ?? []).map((a) => a.group);
      if (groups.length === 0 && conf.allow !== undefined) return ctx.credential ? forbidden : unauthorized;
    } else if (useAuthGroups) {
      groups = authGroups;
    } else {
      return ctx.credential ? forbidden : unauthorized;
    }
    const blocked =
      conf.allow !== undefined
        ? !groups.some((g) => conf.allow!.includes(g))
        : groups.some((g) => conf.deny!.includes(g));
    if (blocked) return forbidden;
    if (!conf.hide_groups_header) {
      ctx.upstreamHeaders.set(
        useAuthGroups ? "x-authenticated-groups" : "x-consumer-groups",
        groups.join(", "),
      );
    }
    return undefined;
  },
};
