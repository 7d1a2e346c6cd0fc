import type { AdminClient } from "../kong/admin-client.ts";
import type { KongDocument } from "../kong/entities.ts";
import { removeRestoreRecord, writeRestoreRecord } from "./restore-file.ts";
import type { ConfigWriter } from "./types.ts";

/** The harness's hold on a remote gateway's config: how it changes it, and how it gives it back. */
export interface RemoteSession {
  readonly writer: ConfigWriter;
  /** Puts the gateway back as it was before the run, then deletes the restore file. */
  restore(): Promise<void>;
}

/**
 * DB-less Kong: save `GET /config` to the restore file first, then load the shadow config with
 * `POST /config` (kong.md §7.4). Faults push whole configs the same way; restore pushes the saved YAML.
 */
export async function openDbLessSession(
  admin: AdminClient,
  adminUrl: string,
  restoreFile: string,
  shadowConfig: KongDocument,
): Promise<RemoteSession> {
  const original = await admin.exportConfig();
  writeRestoreRecord(restoreFile, {
    version: 1,
    adminUrl,
    savedAt: new Date().toISOString(),
    pid: process.pid,
    plan: { mode: "db-less", config: original },
  });
  try {
    await admin.postConfig(shadowConfig);
  } catch (error) {
    // Kong refused the shadow config and kept its own: nothing to restore.
    removeRestoreRecord(restoreFile);
    throw error;
  }
  return {
    writer: { via: "POST /config", push: (doc) => admin.postConfig(doc) },
    async restore() {
      await admin.postConfigText(original);
      removeRestoreRecord(restoreFile);
    },
  };
}
