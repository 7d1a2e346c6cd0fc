/**
 * Route matching of Kong 3.9's default `traditional_compatible` router (kong/router/compat.lua).
 * Each route is split per path; candidates are ordered by Kong's priority bits, most significant
 * first: number of matched attributes (methods, hosts, headers, paths), "plain hosts only", header
 * count, regex path over prefix path, regex_priority (regex only), prefix length. Equal priorities
 * keep config order.
 */
import type { KongRoute } from "../kong/types.ts";
import { toByteString } from "./uri.ts";

interface HeaderMatcher {
  readonly name: string;
  /** Plain values, lower-cased (Kong compares header values case-insensitively). */
  readonly values: ReadonlySet<string>;
  /** `~*` values, compiled once per config load. */
  readonly regexes: readonly RegExp[];
}

interface Candidate {
  readonly route: KongRoute;
  readonly headers: readonly HeaderMatcher[];
  readonly prefix?: string;
  readonly regex?: RegExp;
  readonly priority: readonly number[];
  readonly order: number;
}

export interface RouteMatch {
  readonly route: KongRoute;
  /** The part of the path the route matched (prefix or regex match), for strip_path. */
  readonly matchedPath: string | undefined;
  /** Regex path captures (`kong.request.get_uri_captures`), computed by the match itself. */
  readonly captures: RegExpExecArray | undefined;
}

export interface RouterRequest {
  readonly method: string;
  /** Host header value, lower-cased, port included if the client sent one. */
  readonly host: string;
  /** The normalized path (uri.ts `normalizePath`), the one Kong's router matches on. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const nonEmpty = (v: readonly unknown[] | Readonly<Record<string, unknown>> | undefined): boolean =>
  v !== undefined && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);

function priorityOf(route: KongRoute, path: string | undefined): number[] {
  const headersCount = nonEmpty(route.headers) ? Object.keys(route.headers!).length : 0;
  const weight =
    (nonEmpty(route.methods) ? 1 : 0) +
    (nonEmpty(route.hosts) ? 1 : 0) +
    (headersCount > 0 ? 1 : 0) +
    (path !== undefined ? 1 : 0);
  const plainHostOnly = nonEmpty(route.hosts) && route.hosts!.every((h) => !h.includes("*")) ? 1 : 0;
  const isRegex = path?.startsWith("~") ? 1 : 0;
  return [
    weight,
    plainHostOnly,
    headersCount,
    isRegex,
    isRegex ? route.regex_priority : 0,
    isRegex ? 0 : (path?.length ?? 0),
  ];
}

function compare(a: Candidate, b: Candidate): number {
  for (let i = 0; i < a.priority.length; i++) {
    const d = b.priority[i]! - a.priority[i]!;
    if (d !== 0) return d;
  }
  return a.order - b.order;
}

export class Router {
  private readonly candidates: Candidate[];

  constructor(routes: readonly KongRoute[]) {
    const list: Candidate[] = [];
    routes.forEach((route, order) => {
      if (!route.protocols.some((p) => p === "http" || p === "https")) return;
      const paths = nonEmpty(route.paths) ? route.paths! : [undefined];
      for (const path of paths) {
        const base = { route, priority: priorityOf(route, path), order, headers: headerMatchers(route) };
        if (path === undefined) list.push(base);
        else if (path.startsWith("~")) list.push({ ...base, regex: new RegExp(`^(?:${path.slice(1)})`) });
        else list.push({ ...base, prefix: toByteString(path) });
      }
    });
    this.candidates = list.sort(compare);
  }

  match(req: RouterRequest): RouteMatch | undefined {
    for (const c of this.candidates) {
      const r = c.route;
      if (nonEmpty(r.methods) && !r.methods!.includes(req.method)) continue;
      if (nonEmpty(r.hosts) && !r.hosts!.some((h) => hostMatches(h, req.host))) continue;
      if (c.headers.length > 0 && !headersMatch(c.headers, req.headers)) continue;
      if (c.prefix !== undefined) {
        if (!req.path.startsWith(c.prefix)) continue;
        return { route: r, matchedPath: c.prefix, captures: undefined };
      }
      if (c.regex !== undefined) {
        const m = c.regex.exec(req.path);
        if (!m) continue;
        return { route: r, matchedPath: m[0], captures: m };
      }
      return { route: r, matchedPath: undefined, captures: undefined };
    }
    return undefined;
  }
}

function hostMatches(pattern: string, hostWithPort: string): boolean {
  const p = pattern.toLowerCase();
  // A route host with a port must match host:port; without a port it matches any port.
  const host = p.includes(":") ? hostWithPort : hostWithPort.replace(/:\d+$/, "");
  if (p.startsWith("*.")) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  if (p.endsWith(".*")) return host.startsWith(p.slice(0, -1)) && host.length > p.length - 1;
  return host === p;
}

function headerMatchers(route: KongRoute): HeaderMatcher[] {
  return Object.entries(route.headers ?? {}).map(([name, values]) => ({
    name: name.toLowerCase(),
    values: new Set(values.filter((v) => !v.startsWith("~*")).map((v) => v.toLowerCase())),
    regexes: values.filter((v) => v.startsWith("~*")).map((v) => new RegExp(v.slice(2), "i")),
  }));
}

function headersMatch(
  wanted: readonly HeaderMatcher[],
  headers: Readonly<Record<string, string | string[] | undefined>>,
): boolean {
  for (const m of wanted) {
    const got = headers[m.name];
    if (got === undefined) return false;
    const list = Array.isArray(got) ? got : [got];
    const ok = list.some((g) => m.values.has(g.toLowerCase()) || m.regexes.some((re) => re.test(g)));
    if (!ok) return false;
  }
  return true;
}
