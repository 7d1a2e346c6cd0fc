/** Header values Kong adds (kong.md §6.3). */
export const KONG_VERSION = "3.9.3";
export const SERVER_TOKEN = `kong/${KONG_VERSION}`;
export const VIA_TOKEN = `1.1 ${SERVER_TOKEN}`;

/** Hop-by-hop headers nginx never forwards in either direction. */
export const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

export function elapsedMs(startNs: bigint, nowNs: bigint): number {
  return Math.max(0, Math.round(Number(nowNs - startNs) / 1e6));
}

const SPECIAL_CASE: Readonly<Record<string, string>> = {
  "www-authenticate": "WWW-Authenticate",
  ratelimit: "RateLimit",
  "x-ratelimit": "X-RateLimit",
  etag: "ETag",
};

const canonicalCache = new Map<string, string>();

/** Header names as Kong/nginx write them (Title-Case, with Kong's RateLimit spelling); memoized. */
export function canonicalHeaderName(lower: string): string {
  let name = canonicalCache.get(lower);
  if (name === undefined) {
    name = canonicalize(lower);
    if (canonicalCache.size < 4096) canonicalCache.set(lower, name);
  }
  return name;
}

function canonicalize(lower: string): string {
  if (SPECIAL_CASE[lower]) return SPECIAL_CASE[lower];
  const rl = /^(x-)?ratelimit(-.*)$/.exec(lower);
  if (rl) return `${rl[1] ? "X-" : ""}RateLimit${canonicalTail(rl[2]!)}`;
  return lower.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
}

function canonicalTail(tail: string): string {
  return tail.replace(/-([a-z])/g, (_, c: string) => `-${c.toUpperCase()}`);
}
