/**
 * `ip-restriction` of Kong 3.9.3 (kong.md §9): deny is checked before allow; a rejection is
 * `kong.response.error(status or 403, message or "IP address not allowed: <remote_addr>")`
 * (family 2). The allow/deny lists are compiled into node:net BlockLists once per config object.
 */
import { BlockList, isIP } from "node:net";
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../types.ts";

interface IpRestrictionConfig {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
  readonly status?: number;
  readonly message?: string;
}

interface Compiled {
  readonly allow: BlockList | undefined;
  readonly deny: BlockList | undefined;
}

function compile(list: readonly string[] | undefined): BlockList | undefined {
  if (list === undefined || list.length === 0) return undefined;
  const block = new BlockList();
  for (const entry of list) {
    const [ip, bits] = entry.split("/");
    const type = isIP(ip!) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) block.addAddress(ip!, type);
    else block.addSubnet(ip!, Number(bits), type);
  }
  return block;
}

const compiled = new WeakMap<object, Compiled>();

function listsOf(plugin: KongPlugin): Compiled {
  let c = compiled.get(plugin.config);
  if (!c) {
    const conf = plugin.config as unknown as IpRestrictionConfig;
    c = { allow: compile(conf.allow), deny: compile(conf.deny) };
    compiled.set(plugin.config, c);
  }
  return c;
}

function matches(list: BlockList, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  // An IPv4 client also matches IPv4-mapped IPv6 entries and the other way round (BlockList does).
  return list.check(ip, family === 6 ? "ipv6" : "ipv4");
}

export const ipRestrictionPlugin: GatewayPlugin = {
  name: "ip-restriction",
  priority: 990,
  access(ctx: RequestContext, plugin: KongPlugin): PluginResponse | undefined {
    const conf = plugin.config as unknown as IpRestrictionConfig;
    const { allow, deny } = listsOf(plugin);
    const status = conf.status ?? 403;
    const message = conf.message ?? `IP address not allowed: ${ctx.clientIp}`;
    if (deny && matches(deny, ctx.clientIp)) return { kind: "error", status, message };
    if (allow && !matches(allow, ctx.clientIp)) return { kind: "error", status, message };
    return undefined;
  },
};
