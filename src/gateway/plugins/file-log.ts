/**
 * `file-log` of Kong 3.9.3 (kong.md §8): one cjson-encoded record per line, appended to `path`
 * (O_APPEND, created if missing). Writes to one path are chained so lines keep request order.
 * Differs from Kong: JSON is written by JSON.stringify, so `/` is not escaped as `\/` (any JSON
 * parser reads both the same); `reopen` is accepted and has no effect (each write appends by path).
 */
import { appendFile } from "node:fs/promises";
import type { Logger } from "../../log.ts";
import type { KongPlugin } from "../../kong/types.ts";
import type { GatewayPlugin, LogEntry, RequestContext } from "../types.ts";

export function createFileLogPlugin(logger: Logger): GatewayPlugin {
  const chains = new Map<string, Promise<void>>();
  return {
    name: "file-log",
    priority: 9,
    log(_ctx: RequestContext, plugin: KongPlugin, entry: LogEntry): void {
      const path = String(plugin.config["path"]);
      const line = `${JSON.stringify(entry.serialize())}\n`;
      const next = (chains.get(path) ?? Promise.resolve())
        .then(() => appendFile(path, line))
        .catch((e: unknown) => logger.warn(`file-log: cannot write ${path}: ${(e as Error).message}`));
      chains.set(path, next);
    },
    async close() {
      await Promise.all(chains.values());
    },
  };
}
