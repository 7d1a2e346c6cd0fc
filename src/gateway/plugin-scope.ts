/**
 * Which configuration of a plugin applies to a request: Kong's `lookup_cfg` precedence
 * (kong/runloop/plugins_iterator.lua, kong.md §7.1), most specific first. The consumer-free part of
 * the answer is computed once per route (a request then does one Map lookup per plugin), and only
 * plugins that have a consumer-scoped config walk the consumer levels per request.
 */
import type { KongPlugin } from "../kong/types.ts";

const key = (route = "", service = "", consumer = ""): string => `${route}|${service}|${consumer}`;

/** The plugins of one route (and its service) before the consumer is known. */
export interface RoutePlugins {
  /** name → config from the levels R+S, R, S, global. */
  readonly withoutConsumer: ReadonlyMap<string, KongPlugin>;
}

export class PluginIndex {
  /** plugin name → combo key → config */
  private readonly byName = new Map<string, Map<string, KongPlugin>>();
  /** Names with at least one consumer-scoped config. */
  private readonly consumerScoped = new Set<string>();
  private readonly perRoute = new Map<string, RoutePlugins>();

  constructor(plugins: readonly KongPlugin[]) {
    for (const p of plugins) {
      // Disabled plugins are not loaded at all, so a less specific enabled one still applies.
      if (!p.enabled || !p.protocols.some((x) => x === "http" || x === "https")) continue;
      let combos = this.byName.get(p.name);
      if (!combos) this.byName.set(p.name, (combos = new Map<string, KongPlugin>()));
      combos.set(key(p.route?.id, p.service?.id, p.consumer?.id), p);
      if (p.consumer) this.consumerScoped.add(p.name);
    }
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  /** Cached per route: what applies to a request on it while no consumer is identified. */
  forRoute(route: string | undefined, service: string | undefined): RoutePlugins {
    const k = key(route, service);
    let hit = this.perRoute.get(k);
    if (!hit) {
      const withoutConsumer = new Map<string, KongPlugin>();
      for (const name of this.byName.keys()) {
        const cfg = this.lookup(name, route, service, undefined);
        if (cfg) withoutConsumer.set(name, cfg);
      }
      this.perRoute.set(k, (hit = { withoutConsumer }));
    }
    return hit;
  }

  /** The fast path of `lookup` for a request: consumer levels only for plugins that have them. */
  resolve(name: string, routePlugins: RoutePlugins, route?: string, service?: string, consumer?: string) {
    if (consumer === undefined || !this.consumerScoped.has(name))
      return routePlugins.withoutConsumer.get(name);
    return this.lookup(name, route, service, consumer);
  }

  /** The 8 levels: R+S+C, R+C, S+C, R+S, C, R, S, global. */
  lookup(name: string, route?: string, service?: string, consumer?: string): KongPlugin | undefined {
    const combos = this.byName.get(name);
    if (!combos) return undefined;
    const levels: [string | undefined, string | undefined, string | undefined][] = [
      [route, service, consumer],
      [route, undefined, consumer],
      [undefined, service, consumer],
      [route, service, undefined],
      [undefined, undefined, consumer],
      [route, undefined, undefined],
      [undefined, service, undefined],
      [undefined, undefined, undefined],
    ];
    const wanted = [
      [true, true, true],
      [true, false, true],
      [false, true, true],
      [true, true, false],
      [false, false, true],
      [true, false, false],
      [false, true, false],
      [false, false, false],
    ];
    for (let i = 0; i < levels.length; i++) {
      const [r, s, c] = levels[i]!;
      const [wr, ws, wc] = wanted[i]!;
      // A level naming an entity the request lacks cannot match.
      if ((wr && r === undefined) || (ws && s === undefined) || (wc && c === undefined)) continue;
      const hit = combos.get(key(r, s, c));
      if (hit) return hit;
    }
    return undefined;
  }
}
