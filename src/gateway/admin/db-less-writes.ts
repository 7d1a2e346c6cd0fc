/**
 * Admin API writes in DB-less mode (kong.md §7.4): entity writes answer 405 code 12 with Kong's
 * wording per verb; collection-level PUT/PATCH/DELETE answer 405 "Method not allowed".
 */
const COLLECTIONS: Readonly<Record<string, string>> = {
  services: "services",
  routes: "routes",
  consumers: "consumers",
  plugins: "plugins",
  upstreams: "upstreams",
  targets: "targets",
  certificates: "certificates",
  snis: "snis",
  jwt: "jwt_secrets",
  jwts: "jwt_secrets",
  acls: "acls",
  "key-auth": "keyauth_credentials",
  "key-auths": "keyauth_credentials",
};

export interface AdminAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Resolves `/a/x/b[/y]` to the entity table written and whether the path names a collection. */
function target(segments: readonly string[]): { entity: string; collection: boolean } | undefined {
  if (segments.length === 0) return undefined;
  // The last collection name in the path decides (e.g. /consumers/alice/jwt → jwt_secrets).
  const collection = segments.length % 2 === 1;
  const name = segments[collection ? segments.length - 1 : segments.length - 2]!;
  const entity = COLLECTIONS[name];
  return entity === undefined ? undefined : { entity, collection };
}

const VERB: Readonly<Record<string, string>> = {
  POST: "create",
  PUT: "create or update",
  PATCH: "update",
  DELETE: "remove",
};

export function dbLessWrite(method: string, segments: readonly string[]): AdminAnswer | undefined {
  const verb = VERB[method];
  const t = target(segments);
  if (verb === undefined || t === undefined) return undefined;
  if (t.collection && method !== "POST") return { status: 405, body: { message: "Method not allowed" } };
  if (!t.collection && method === "POST") return { status: 405, body: { message: "Method not allowed" } };
  return {
    status: 405,
    body: {
      code: 12,
      name: "operation unsupported",
      message: `cannot ${verb} '${t.entity}' entities when not using a database`,
    },
  };
}
