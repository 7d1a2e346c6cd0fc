/**
 * The saved copy of a remote gateway's original state, written under `.shadowgate/` BEFORE the harness
 * changes anything, so `shadowgate restore` can put the gateway back after a crash of the harness. A normal
 * end and SIGINT restore automatically and delete the file.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ShadowgateError } from "../errors.ts";

/** One step that undoes a change made through the entity endpoints (DB mode). */
export interface UndoStep {
  readonly method: "DELETE" | "PATCH";
  readonly path: string;
  readonly body?: Record<string, unknown>;
  /** For people reading the file: what the harness changed. */
  readonly what: string;
}

export type RestorePlan =
  /** DB-less: the `GET /config` YAML from before the run, pushed back with `POST /config`. */
  | { readonly mode: "db-less"; readonly config: string }
  /** DB mode: undo steps, applied last first. */
  | { readonly mode: "db"; readonly undo: readonly UndoStep[] };

export interface RestoreRecord {
  readonly version: 1;
  readonly adminUrl: string;
  readonly savedAt: string;
  readonly pid: number;
  readonly plan: RestorePlan;
}

export const DEFAULT_STATE_DIR = ".shadowgate";

/** One file per gateway: `.shadowgate/restore-127.0.0.1-8001.json`. */
export function restoreFilePath(stateDir: string, adminUrl: string): string {
  const url = new URL(adminUrl);
  const slug = `${url.hostname}-${url.port || (url.protocol === "https:" ? "443" : "80")}${url.pathname}`
    .replace(/[^a-zA-Z0-9.-]+/g, "-")
    .replace(/-+$/, "");
  return path.join(stateDir, `restore-${slug}.json`);
}

/** Written to a temporary name and renamed, so a crash mid-write never leaves half a file. */
export function writeRestoreRecord(file: string, record: RestoreRecord): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function readRestoreRecord(file: string): RestoreRecord {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read restore file ${file}`, { cause });
  }
  const record = JSON.parse(text) as Partial<RestoreRecord>;
  if (record.version !== 1 || typeof record.adminUrl !== "string" || !record.plan)
    throw new ShadowgateError("SG_USAGE", `${file} is not a shadowgate restore file`);
  return record as RestoreRecord;
}

export function restoreFilesIn(stateDir: string): string[] {
  try {
    return readdirSync(stateDir)
      .filter((name) => name.startsWith("restore-") && name.endsWith(".json"))
      .map((name) => path.join(stateDir, name));
  } catch {
    return [];
  }
}

export function removeRestoreRecord(file: string): void {
  rmSync(file, { force: true });
}
