/**
 * `rate-limiting` with the `local` policy (kong.md §4): fixed UTC windows, usage read before the
 * request, rejected requests not counted, X-RateLimit-* / RateLimit-* / Retry-After headers.
 * Counters live in the gateway (like Kong's shm) and survive config reloads.
 */
import type { Clock } from "../../clock.ts";
import { RATE_LIMIT_PERIODS } from "../../kong/plugin-schemas.ts";
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../types.ts";

type Period = (typeof RATE_LIMIT_PERIODS)[number];

/** Window lengths used for RateLimit-Reset (constant 30 d month and 365 d year). */
const EXPIRATION: Readonly<Record<Period, number>> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86400,
  month: 2592000,
  year: 31536000,
};

const EMPTY_UUID = "00000000-0000-0000-0000-000000000000";

/** Start (ms) of the current UTC calendar window of each period. */
export function windowStarts(nowMs: number): Record<Period, number> {
  const d = new Date(nowMs);
  const second = Math.floor(nowMs / 1000) * 1000;
  return {
    second,
    minute: second - (second % 60000),
    hour: second - (second % 3600000),
    day: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()),
    month: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    year: Date.UTC(d.getUTCFullYear(), 0, 1),
  };
}

function identifier(ctx: RequestContext, conf: Record<string, unknown>): string {
  switch (conf["limit_by"]) {
    case "consumer":
      return ctx.consumer?.id ?? ctx.credential?.id ?? ctx.clientIp;
    case "credential":
      return ctx.credential?.id ?? ctx.clientIp;
    case "service":
      return ctx.service?.id ?? ctx.clientIp;
    case "header": {
      const v = ctx.headers[String(conf["header_name"]).toLowerCase()];
      return (Array.isArray(v) ? v[0] : v) ?? ctx.clientIp;
    }
    case "path":
      return ctx.path === conf["path"] ? ctx.path : ctx.clientIp;
    default:
      return ctx.clientIp;
  }
}

export function createRateLimitingPlugin(clock: Clock): GatewayPlugin {
  const counters = new Map<string, { value: number; expiresAt: number }>();
  const prune = (nowMs: number): void => {
    if (counters.size < 10000) return;
    for (const [k, v] of counters) if (v.expiresAt <= nowMs) counters.delete(k);
  };
  return {
    name: "rate-limiting",
    priority: 910,
    access(ctx: RequestContext, plugin: KongPlugin): PluginResponse | undefined {
      const conf = plugin.config;
      const nowMs = clock.nowMs();
      const starts = windowStarts(nowMs);
      const id = identifier(ctx, conf);
      const scope = `ratelimit:${plugin.route?.id ?? EMPTY_UUID}:${plugin.service?.id ?? EMPTY_UUID}:${id}`;
      const usage: { period: Period; limit: number; remaining: number; key: string }[] = [];
      let stop: Period | undefined;
      for (const period of RATE_LIMIT_PERIODS) {
        const limit = conf[period];
        if (typeof limit !== "number") continue;
        const key = `${scope}:${starts[period]}:${period}`;
        const current = counters.get(key);
        const used = current && current.expiresAt > nowMs ? current.value : 0;
        const remaining = limit - used;
        usage.push({ period, limit, remaining, key });
        if (remaining <= 0) stop = period;
      }
      let reset: number | undefined;
      if (conf["hide_client_headers"] !== true) {
        let best: { limit: number; remaining: number; window: number } | undefined;
        for (const u of usage) {
          const remaining = Math.max(
            0,
            stop === undefined || stop === u.period ? u.remaining - 1 : u.remaining,
          );
          const window = EXPIRATION[u.period];
          if (!best || remaining < best.remaining || (remaining === best.remaining && window > best.window)) {
            best = { limit: u.limit, remaining, window };
            reset = Math.max(1, window - Math.floor((nowMs - starts[u.period]) / 1000));
          }
          ctx.responseHeaders.set(`x-ratelimit-limit-${u.period}`, String(u.limit));
          ctx.responseHeaders.set(`x-ratelimit-remaining-${u.period}`, String(remaining));
        }
        if (best) {
          ctx.responseHeaders.set("ratelimit-limit", String(best.limit));
          ctx.responseHeaders.set("ratelimit-remaining", String(best.remaining));
          ctx.responseHeaders.set("ratelimit-reset", String(reset));
        }
      }
      if (stop !== undefined) {
        const headers: Record<string, string> = reset === undefined ? {} : { "Retry-After": String(reset) };
        return {
          kind: "error",
          status: Number(conf["error_code"]),
          message: String(conf["error_message"]),
          headers,
        };
      }
      for (const u of usage) {
        const c = counters.get(u.key);
        if (c && c.expiresAt > nowMs) c.value += 1;
        else counters.set(u.key, { value: 1, expiresAt: starts[u.period] + EXPIRATION[u.period] * 1000 });
      }
      prune(nowMs);
      return undefined;
    },
  };
}
