/** Phase 4 of loading: validated items → the flat entity lists of `NormalizedConfig`. */
import type { WalkedItem } from "./declarative-walk.ts";
import type {
  KongAcl,
  KongConsumer,
  KongJwtSecret,
  KongKeyAuthCredential,
  KongPlugin,
  KongRoute,
  KongService,
  NormalizedConfig,
} from "./types.ts";

type Entities = Omit<NormalizedConfig, "formatVersion" | "hash">;

function clean<T>(value: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined && v !== null && k !== "created_at" && k !== "updated_at") out[k] = v;
  }
  return out as T;
}

export function buildNormalized(
  items: readonly WalkedItem[],
  fks: Map<WalkedItem, Record<string, string>>,
  randomToken: () => string,
): Entities {
  const services: KongService[] = [];
  const routes: KongRoute[] = [];
  const consumers: KongConsumer[] = [];
  const plugins: KongPlugin[] = [];
  const jwtSecrets: KongJwtSecret[] = [];
  const acls: KongAcl[] = [];
  const keyauth: KongKeyAuthCredential[] = [];
  for (const item of items) {
    const refs: Record<string, { id: string }> = {};
    for (const [k, id] of Object.entries(fks.get(item) ?? {})) refs[k] = { id };
    const base: Record<string, unknown> = { ...item.value, ...refs, id: item.id };
    switch (item.type) {
      case "services":
        services.push(clean(base));
        break;
      case "routes":
        routes.push(clean(base));
        break;
      case "consumers":
        consumers.push(clean(base));
        break;
      case "plugins":
        plugins.push(clean({ config: {}, ...base }));
        break;
      case "jwt_secrets":
        // kong.md §1.2: key and secret are generated when omitted (random on every load).
        jwtSecrets.push(
          clean({ ...base, key: base["key"] ?? randomToken(), secret: base["secret"] ?? randomToken() }),
        );
        break;
      case "acls":
        acls.push(clean(base));
        break;
      case "keyauth_credentials":
        keyauth.push(clean({ ...base, key: base["key"] ?? randomToken() }));
        break;
    }
  }
  return {
    services,
    routes,
    consumers,
    plugins,
    jwt_secrets: jwtSecrets,
    acls,
    keyauth_credentials: keyauth,
  };
}
