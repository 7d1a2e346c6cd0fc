/**
 * Walks a raw Kong declarative document (kong.md §7.1) in both of its shapes: entities nested under their
 * parent (routes under services, jwt_secrets under consumers) and entities at top level. Patching works on the
 * document the user wrote, so what is pushed to a real Kong is their file plus the harness's changes only.
 */
export type RawEntity = Record<string, unknown>;
export type KongDocument = Record<string, unknown>;

export function entityList(parent: RawEntity, key: string): RawEntity[] {
  const value = parent[key];
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function isRecord(value: unknown): value is RawEntity {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function allServices(doc: KongDocument): RawEntity[] {
  return entityList(doc, "services");
}

/** Routes nested under services and at top level, with the service they belong to when nested. */
export function allRoutes(doc: KongDocument): { route: RawEntity; service: RawEntity | undefined }[] {
  const nested = allServices(doc).flatMap((service) =>
    entityList(service, "routes").map((route) => ({ route, service })),
  );
  const topLevel = entityList(doc, "routes").map((route) => ({ route, service: undefined }));
  return [...nested, ...topLevel];
}

export function allJwtSecrets(doc: KongDocument): RawEntity[] {
  const nested = entityList(doc, "consumers").flatMap((consumer) => entityList(consumer, "jwt_secrets"));
  return [...nested, ...entityList(doc, "jwt_secrets")];
}

export function findRoute(doc: KongDocument, nameOrId: string): RawEntity | undefined {
  return allRoutes(doc).find(({ route }) => route.name === nameOrId || route.id === nameOrId)?.route;
}

export function routeNames(doc: KongDocument): string[] {
  return allRoutes(doc).flatMap(({ route }) => (typeof route.name === "string" ? [route.name] : []));
}
