import { adminClient, type AdminClient } from "../kong/admin-client.ts";
import { readRestoreRecord, removeRestoreRecord, type RestoreRecord, type UndoStep } from "./restore-file.ts";

/** Undo steps, last change first; a step that fails stops the restore (the file keeps the rest). */
export async function applyUndo(admin: AdminClient, steps: readonly UndoStep[]): Promise<void> {
  for (const step of [...steps].reverse()) {
    if (step.method === "DELETE") await admin.deleteEntity(step.path);
    else await admin.patchEntity(step.path, step.body ?? {});
  }
}

/** Puts a gateway back as a restore record describes. */
export async function restoreGateway(record: RestoreRecord, admin: AdminClient): Promise<void> {
  if (record.plan.mode === "db-less") await admin.postConfigText(record.plan.config);
  else await applyUndo(admin, record.plan.undo);
}

export interface RestoreOutcome {
  readonly file: string;
  readonly adminUrl: string;
  readonly mode: RestoreRecord["plan"]["mode"];
}

/** `shadowgate restore`: pushes a saved copy back and deletes the file once the gateway took it. */
export async function restoreFromFile(file: string, adminUrl?: string): Promise<RestoreOutcome> {
  const record = readRestoreRecord(file);
  const url = adminUrl ?? record.adminUrl;
  await restoreGateway(record, adminClient(url));
  removeRestoreRecord(file);
  return { file, adminUrl: url, mode: record.plan.mode };
}
