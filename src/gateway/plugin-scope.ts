/**
 * Which configuration of a plugin applies to a request: Kong's `lookup_cfg` precedence
 * (kong/runloop/plugins_iterator.lua, kong.md §7.1), most specific first.
 */
import type { KongPlugin } from "../kong/types.ts";

type Scope = { route?: string | undefined; service?: string | undefined; consumer?: string | undefined };

function comboKey(s: Scope): string {
  return `${s.route ?? ""}|${s.service ?? ""}|${s.consumer ?? ""}`;
}

export class PluginIndex {
  /** plugin name → combo key → config */
  private readonly byName = new Map<string, Map<string, KongPlugin>>();

  constructor(plugins: readonly KongPlugin[]) {
    for (const p of plugins) {
      // Disabled plugins are not loaded at all, so a less specific enabled one still applies.
      if (!p.enabled || !p.protocols.some((x) => x === "http" || x === "https")) continue;
      let combos = this.byName.get(p.name);
      if (!combos) this.byName.set(p.name, (combos = new Map<string, KongPlugin>()));
      combos.set(comboKey({ route: p.route?.id, service: p.service?.id, consumer: p.consumer?.id }), p);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** The 8 levels: R+S+C, R+C, S+C, R+S, C, R, S, global. */
  lookup(name: string, route?: string, service?: string, consumer?: string): KongPlugin | undefined {
    const combos = this.byName.get(name);
    if (!combos) return undefined;
    const levels: Scope[] = [
      { route, service, consumer },
      { route, consumer },
      { service, consumer },
      { route, service },
      { consumer },
      { route },
      { service },
      {},
    ];
    for (const level of levels) {
      const needed = Object.values(level).filter((v) => v !== undefined).length;
      const declared = Object.keys(level).length;
      if (needed !== declared) continue; // a level naming an entity the request lacks cannot match
      const hit = combos.get(comboKey(level));
      if (hit) return hit;
    }
    return undefined;
  }
}
