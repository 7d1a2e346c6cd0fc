import { ShadowgateError } from "../errors.ts";
import {
  allJwtSecrets,
  allServices,
  entityList,
  findRoute,
  routeNames,
  type KongDocument,
  type RawEntity,
} from "./entities.ts";

/**
 * Shadow patches: the config under test is run with the harness's trusted key and mock upstreams in place
 * of production's. Every function is pure: it returns a new document and leaves its input untouched.
 */

/**
 * The shadow key swap: RS256 jwt_secrets (the ones that trust Buildkite's key) get the harness issuer's
 * public key, so tokens it mints verify exactly as Buildkite's would. Returns the swapped credential keys.
 */
export function swapTrustedKeys(
  doc: KongDocument,
  publicKeyPem: string,
  only?: readonly string[],
): { doc: KongDocument; swapped: string[] } {
  const copy = structuredClone(doc);
  const candidates = allJwtSecrets(copy).filter((secret) =>
    only ? only.includes(String(secret.key)) : secret.algorithm === "RS256",
  );
  const missing = (only ?? []).filter((key) => !candidates.some((secret) => secret.key === key));
  if (missing.length > 0)
    throw new ShadowgateError(
      "SG_SCENARIO_INVALID",
      `identity.swapCredentials names jwt_secrets not in the Kong config: ${missing.join(", ")}`,
    );
  for (const secret of candidates) {
    secret.algorithm = "RS256";
    secret.rsa_public_key = publicKeyPem;
  }
  return { doc: copy, swapped: candidates.map((secret) => String(secret.key)) };
}

export interface ServiceOrigin {
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
}

/** Where a service sends traffic, read from `url` or protocol/host/port (Kong defaults: http, 80/443). */
export function serviceOrigin(service: RawEntity): ServiceOrigin | undefined {
  if (typeof service.url === "string") {
    const url = new URL(service.url);
    const protocol = url.protocol.replace(/:$/, "");
    const port = url.port === "" ? (protocol === "https" ? 443 : 80) : Number(url.port);
    return { protocol, host: url.hostname, port };
  }
  if (typeof service.host !== "string") return undefined;
  const protocol = typeof service.protocol === "string" ? service.protocol : "http";
  const port = typeof service.port === "number" ? service.port : protocol === "https" ? 443 : 80;
  return { protocol, host: service.host, port };
}

export function originKey(origin: ServiceOrigin): string {
  return `${origin.protocol}://${origin.host}:${origin.port}`;
}

/** Distinct upstream origins the config's services use; each gets one mock upstream. */
export function upstreamOrigins(doc: KongDocument): string[] {
  const keys = allServices(doc).flatMap((service) => {
    const origin = serviceOrigin(service);
    return origin ? [originKey(origin)] : [];
  });
  return [...new Set(keys)];
}

/** Points every service at its mock (`origin key → http://127.0.0.1:PORT`), keeping the service path. */
export function redirectUpstreams(doc: KongDocument, mocks: ReadonlyMap<string, string>): KongDocument {
  const copy = structuredClone(doc);
  for (const service of allServices(copy)) {
    const origin = serviceOrigin(service);
    const mock = origin ? mocks.get(originKey(origin)) : undefined;
    if (!mock) continue;
    const target = new URL(mock);
    const path = typeof service.url === "string" ? new URL(service.url).pathname : service.path;
    delete service.url;
    service.protocol = "http";
    service.host = target.hostname;
    service.port = Number(target.port);
    if (typeof path === "string" && path !== "/") service.path = path;
  }
  return copy;
}

/** The config with `request-termination` on one route: how a blocked route is modelled (kong.md §5). */
export function blockRoute(
  doc: KongDocument,
  routeRef: string,
  config: { status_code: number; message?: string },
): KongDocument {
  const copy = structuredClone(doc);
  const route = findRoute(copy, routeRef);
  if (!route)
    throw new ShadowgateError(
      "SG_SCENARIO_INVALID",
      `route "${routeRef}" is not in the Kong config (routes: ${routeNames(copy).join(", ") || "none named"})`,
    );
  const plugins = entityList(route, "plugins").filter((plugin) => plugin.name !== "request-termination");
  route.plugins = [...plugins, { name: "request-termination", config: { ...config } }];
  return copy;
}

/** A path that the route matches, for probes: its first plain (non-regex) path. */
export function probePathFor(doc: KongDocument, routeRef: string): string | undefined {
  const paths = findRoute(doc, routeRef)?.paths;
  if (!Array.isArray(paths)) return undefined;
  return paths.find((p): p is string => typeof p === "string" && !p.startsWith("~"));
}
