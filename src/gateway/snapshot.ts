/**
 * Everything derived from one loaded config: router, plugin index, credential lookups with public
 * keys parsed once (never per request), and one undici Pool per service. A request keeps the snapshot
 * it started with, so a reload is atomic for in-flight requests.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { Pool } from "undici";
import type { ParsedDeclarativeConfig } from "../kong/declarative.ts";
import type {
  KongAcl,
  KongConsumer,
  KongJwtSecret,
  KongKeyAuthCredential,
  KongService,
} from "../kong/types.ts";
import { PluginIndex } from "./plugin-scope.ts";
import { timedConnector } from "./upstream-connector.ts";
import { Router } from "./router.ts";

export interface JwtCredential {
  readonly secret: KongJwtSecret;
  /** Parsed `rsa_public_key`; "invalid" when present but unparsable (ES* are not schema-checked). */
  readonly publicKey: KeyObject | "invalid" | undefined;
}

export interface NodeIdentity {
  readonly nodeId: string;
  readonly hostname: string;
}

export interface ConfigSnapshot extends NodeIdentity {
  readonly config: ParsedDeclarativeConfig;
  readonly router: Router;
  readonly plugins: PluginIndex;
  readonly services: ReadonlyMap<string, KongService>;
  readonly consumers: ReadonlyMap<string, KongConsumer>;
  readonly consumersByUsername: ReadonlyMap<string, KongConsumer>;
  readonly jwtByKey: ReadonlyMap<string, JwtCredential>;
  readonly aclsByConsumer: ReadonlyMap<string, readonly KongAcl[]>;
  readonly keyauthByKey: ReadonlyMap<string, KongKeyAuthCredential>;
  readonly pools: ReadonlyMap<string, Pool>;
}

function parseKey(pem: string | undefined): KeyObject | "invalid" | undefined {
  if (pem === undefined) return undefined;
  try {
    return createPublicKey(pem);
  } catch {
    return "invalid";
  }
}

export function serviceOrigin(s: KongService): string {
  const scheme = s.protocol === "https" || s.protocol === "grpcs" ? "https" : "http";
  const host = s.host.includes(":") && !s.host.startsWith("[") ? `[${s.host}]` : s.host;
  return `${scheme}://${host}:${s.port}`;
}

export function buildSnapshot(config: ParsedDeclarativeConfig, node: NodeIdentity): ConfigSnapshot {
  const groups = new Map<string, KongAcl[]>();
  for (const acl of config.acls) {
    const list = groups.get(acl.consumer.id) ?? [];
    list.push(acl);
    groups.set(acl.consumer.id, list);
  }
  const pools = new Map<string, Pool>();
  for (const s of config.services) {
    pools.set(
      s.id,
      new Pool(serviceOrigin(s), {
        // connect_timeout on a precise timer; read/write timeouts are armed per try (proxy.ts).
        connect: timedConnector(s.connect_timeout, s.tls_verify === true),
        headersTimeout: 0,
        bodyTimeout: 0,
        // Kong keeps idle upstream connections 60 s (upstream_keepalive_idle_timeout).
        keepAliveTimeout: 60_000,
      }),
    );
  }
  return {
    ...node,
    config,
    router: new Router(config.routes),
    plugins: new PluginIndex(config.plugins),
    services: new Map(config.services.map((s) => [s.id, s])),
    consumers: new Map(config.consumers.map((c) => [c.id, c])),
    consumersByUsername: new Map(
      config.consumers.filter((c) => c.username !== undefined).map((c) => [c.username!, c]),
    ),
    jwtByKey: new Map(
      config.jwt_secrets.map((j) => [j.key, { secret: j, publicKey: parseKey(j.rsa_public_key) }]),
    ),
    aclsByConsumer: groups,
    keyauthByKey: new Map(config.keyauth_credentials.map((k) => [k.key, k])),
    pools,
  };
}

export async function closeSnapshot(s: ConfigSnapshot): Promise<void> {
  await Promise.all([...s.pools.values()].map((p) => p.close().catch(() => undefined)));
}
