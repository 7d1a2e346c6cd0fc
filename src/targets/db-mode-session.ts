import { randomUUID } from "node:crypto";
import { ShadowgateError } from "../errors.ts";
import { entityPath, type AdminClient } from "../kong/admin-client.ts";
import { allJwtSecrets, allRoutes, allServices, entityList, type KongDocument } from "../kong/entities.ts";
import type { RemoteSession } from "./db-less-session.ts";
import { applyUndo } from "./restore.ts";
import { writeRestoreRecord, removeRestoreRecord, type UndoStep } from "./restore-file.ts";

const SERVICE_FIELDS = ["protocol", "host", "port", "path"] as const;

/**
 * Kong with a database: `POST /config` does not exist there, so the harness changes only what it must through
 * the entity endpoints and journals how to undo each change BEFORE making it (write-ahead), so the restore
 * file is always complete: services are pointed at the mocks and RS256 jwt_secrets get the harness key
 * (PATCH, original values saved); a fault's plugins are created with a harness-chosen id and deleted after.
 * The entities of the config under test must already exist in Kong by name (e.g. loaded with decK).
 */
export async function openDbModeSession(
  admin: AdminClient,
  adminUrl: string,
  restoreFile: string,
  shadowConfig: KongDocument,
): Promise<RemoteSession> {
  const undo: UndoStep[] = [];
  const save = () =>
    writeRestoreRecord(restoreFile, {
      version: 1,
      adminUrl,
      savedAt: new Date().toISOString(),
      pid: process.pid,
      plan: { mode: "db", undo },
    });
  const restore = async () => {
    await applyUndo(admin, undo);
    undo.length = 0;
    removeRestoreRecord(restoreFile);
  };
  save();
  try {
    await patchServices(admin, shadowConfig, undo, save);
    await patchJwtSecrets(admin, shadowConfig, undo, save);
  } catch (error) {
    await restore().catch(() => undefined);
    throw error;
  }
  const created = new Map<string, { id: string; step: UndoStep }>();
  return {
    writer: {
      via: "entity endpoints (DB mode)",
      async push(doc) {
        const wanted = addedRoutePlugins(shadowConfig, doc);
        for (const [key, entry] of created) {
          if (wanted.has(key)) continue;
          await admin.deleteEntity(entityPath("plugins", entry.id));
          undo.splice(undo.indexOf(entry.step), 1);
          created.delete(key);
          save();
        }
        for (const [key, plugin] of wanted) {
          if (created.has(key)) continue;
          const id = randomUUID();
          const step: UndoStep = {
            method: "DELETE",
            path: entityPath("plugins", id),
            what: `remove the ${plugin.name} plugin the harness added to route ${plugin.route}`,
          };
          undo.push(step);
          save();
          await admin.createEntity(entityPath("routes", plugin.route, "plugins"), {
            id,
            name: plugin.name,
            ...(plugin.config === undefined ? {} : { config: plugin.config }),
          });
          created.set(key, { id, step });
        }
      },
    },
    restore,
  };
}

async function patchServices(
  admin: AdminClient,
  shadow: KongDocument,
  undo: UndoStep[],
  save: () => void,
): Promise<void> {
  for (const service of allServices(shadow)) {
    if (typeof service.name !== "string") continue;
    const path = entityPath("services", service.name);
    const current = await admin.getEntity(path);
    if (!current) throw missing(`service "${service.name}"`);
    const wanted = Object.fromEntries(SERVICE_FIELDS.map((f) => [f, service[f] ?? null]));
    if (SERVICE_FIELDS.every((f) => (current[f] ?? null) === wanted[f])) continue;
    const original = Object.fromEntries(SERVICE_FIELDS.map((f) => [f, current[f] ?? null]));
    undo.push({ method: "PATCH", path, body: original, what: `point service ${service.name} back` });
    save();
    await admin.patchEntity(path, wanted);
  }
}

async function patchJwtSecrets(
  admin: AdminClient,
  shadow: KongDocument,
  undo: UndoStep[],
  save: () => void,
): Promise<void> {
  for (const secret of allJwtSecrets(shadow)) {
    if (typeof secret.key !== "string" || typeof secret.rsa_public_key !== "string") continue;
    // jwt_secrets are addressable by their key (the plugin's endpoint_key).
    const path = entityPath("jwts", secret.key);
    const current = await admin.getEntity(path);
    if (!current) throw missing(`jwt_secret with key "${secret.key}"`);
    if (current.rsa_public_key === secret.rsa_public_key && current.algorithm === "RS256") continue;
    undo.push({
      method: "PATCH",
      path: entityPath("jwts", typeof current.id === "string" ? current.id : secret.key),
      body: { algorithm: current.algorithm ?? null, rsa_public_key: current.rsa_public_key ?? null },
      what: `give jwt_secret ${secret.key} its own key back`,
    });
    save();
    await admin.patchEntity(path, { algorithm: "RS256", rsa_public_key: secret.rsa_public_key });
  }
}

interface AddedPlugin {
  readonly route: string;
  readonly name: string;
  readonly config: unknown;
}

/** Route plugins `doc` has that `base` does not (what a fault adds), keyed by route, name and config. */
export function addedRoutePlugins(base: KongDocument, doc: KongDocument): Map<string, AddedPlugin> {
  const pluginsOf = (d: KongDocument) =>
    new Map(
      allRoutes(d).flatMap(({ route }) =>
        typeof route.name !== "string"
          ? []
          : entityList(route, "plugins").map((p): [string, AddedPlugin] => {
              const plugin = { route: route.name as string, name: String(p.name), config: p.config };
              return [JSON.stringify([plugin.route, plugin.name, plugin.config ?? null]), plugin];
            }),
      ),
    );
  const before = pluginsOf(base);
  const after = pluginsOf(doc);
  const removed = [...before.keys()].filter((key) => !after.has(key));
  if (removed.length > 0)
    throw new ShadowgateError(
      "SG_ADMIN_API_FAILED",
      `a fault would remove or replace route plugins (${removed.map((k) => before.get(k)?.name).join(", ")}); ` +
        "in DB mode the harness only adds plugins and deletes what it added",
    );
  return new Map([...after].filter(([key]) => !before.has(key)));
}

function missing(what: string): ShadowgateError {
  return new ShadowgateError(
    "SG_TARGET_START_FAILED",
    `the Kong at --admin-url runs with a database and has no ${what} from the config under test; ` +
      "load that config into it first (e.g. decK), or use a DB-less Kong",
  );
}
