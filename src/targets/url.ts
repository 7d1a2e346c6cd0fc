import { existsSync } from "node:fs";
import path from "node:path";
import { request } from "undici";
import { ShadowgateError } from "../errors.ts";
import { adminClient } from "../kong/admin-client.ts";
import { silentLogger, type Logger } from "../log.ts";
import { openDbLessSession, type RemoteSession } from "./db-less-session.ts";
import { openDbModeSession } from "./db-mode-session.ts";
import { DEFAULT_STATE_DIR, restoreFilePath } from "./restore-file.ts";
import {
  stoppedFrom,
  withHost,
  type GatewayIdentity,
  type StartedTarget,
  type StoppedTarget,
  type TargetDefinition,
} from "./types.ts";

export interface UrlTargetOptions {
  readonly proxyUrl: string;
  /** Without it the target is read-only: the gateway keeps its own config and faults are skipped. */
  readonly adminUrl?: string;
  /** The host name the gateway uses to reach this machine (mock upstreams), e.g. host.docker.internal. */
  readonly upstreamHost?: string;
  /** Where the restore file goes (default `.shadowgate/` in the working directory). */
  readonly stateDir?: string;
  readonly logger?: Logger;
}

export const READ_ONLY_LIMITATION =
  "Read-only URL target (no --admin-url): the gateway runs its own config, so the harness could not load the " +
  "shadow config (its trusted key, mock upstreams) nor inject faults; fault checks are skipped and upstream " +
  "hits are not observed. Tokens minted by the harness verify only if that config trusts the harness key.";

/** An existing, non-production Kong at a URL (`--target url`). */
export function urlTarget(options: UrlTargetOptions): TargetDefinition {
  const logger = options.logger ?? silentLogger;
  const proxyUrl = checkedUrl(options.proxyUrl, "--proxy-url");
  const adminUrl = options.adminUrl === undefined ? undefined : checkedUrl(options.adminUrl, "--admin-url");
  const stateDir = path.resolve(options.stateDir ?? DEFAULT_STATE_DIR);
  return {
    state: "not-started",
    kind: "url",
    reachHost: (urls) => Promise.resolve(options.upstreamHost ? withHost(urls, options.upstreamHost) : urls),
    async start(config) {
      const server = await probeProxy(proxyUrl);
      const logs: string[] = [];
      if (adminUrl === undefined) {
        const version = /^kong\/(\S+)/i.exec(server ?? "")?.[1] ?? "unknown";
        logs.push(`read-only: proxy ${proxyUrl} answered (Server: ${server ?? "none"})`);
        return started({ proxyUrl, adminUrl, gateway: { name: "kong", version }, logs });
      }
      const admin = adminClient(adminUrl);
      const info = await admin.info();
      const gateway: GatewayIdentity = {
        name: `kong (${info.edition})`,
        version: info.version,
        database: info.database,
      };
      const restoreFile = restoreFilePath(stateDir, adminUrl);
      if (existsSync(restoreFile))
        throw new ShadowgateError(
          "SG_RESTORE_PENDING",
          `${restoreFile} holds the config of ${adminUrl} from a run that did not finish; ` +
            `run \`shadowgate restore --file ${restoreFile}\` first`,
        );
      const open = info.database === "off" ? openDbLessSession : openDbModeSession;
      const session = await open(admin, adminUrl, restoreFile, config);
      logs.push(`saved the original config of ${adminUrl} to ${restoreFile}; loaded the shadow config`);
      return started({ proxyUrl, adminUrl, gateway, logs, session: { ...session, restoreFile }, logger });
    },
  };
}

interface StartedParts {
  readonly proxyUrl: string;
  readonly adminUrl: string | undefined;
  readonly gateway: GatewayIdentity;
  readonly logs: string[];
  readonly session?: RemoteSession & { readonly restoreFile: string };
  readonly logger?: Logger;
}

function started(parts: StartedParts): StartedTarget {
  const { session, logs } = parts;
  // A hard exit (second Ctrl-C, crash) cannot restore; say how to, so the gateway is not left patched.
  const onExit = () =>
    parts.logger?.warn(
      `the config of ${parts.adminUrl} was not restored; run: shadowgate restore --file ${session?.restoreFile}`,
    );
  if (session) process.once("exit", onExit);
  let stopped: Promise<StoppedTarget> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (session) {
        try {
          await session.restore();
          logs.push(`restored the original config of ${parts.adminUrl}`);
          process.off("exit", onExit);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          logs.push(`restore failed: ${reason}`);
          parts.logger?.warn(`restoring ${parts.adminUrl} failed (${reason})`);
        }
      }
      return stoppedFrom({ kind: "url", gateway: parts.gateway, logs: () => logs });
    })());
  return {
    state: "started",
    kind: "url",
    proxyUrl: parts.proxyUrl,
    adminUrl: parts.adminUrl,
    gateway: parts.gateway,
    configWriter: session?.writer,
    ...(session ? {} : { limitations: READ_ONLY_LIMITATION }),
    logs: () => logs,
    stop,
    [Symbol.asyncDispose]: async () => {
      await stop();
    },
  };
}

function checkedUrl(value: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ShadowgateError("SG_USAGE", `${flag} ${value}: not a URL (e.g. http://127.0.0.1:8000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ShadowgateError("SG_USAGE", `${flag} ${value}: expected http:// or https://`);
  return value.replace(/\/+$/, "");
}

/** Any HTTP answer from the proxy (Kong says 404 "no Route matched" for `/`) proves it is there. */
async function probeProxy(proxyUrl: string): Promise<string | undefined> {
  try {
    const res = await request(`${proxyUrl}/`, { headersTimeout: 10_000, bodyTimeout: 10_000 });
    await res.body.dump();
    const server = res.headers["server"];
    return Array.isArray(server) ? server[0] : server;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ShadowgateError("SG_TARGET_UNREACHABLE", `proxy ${proxyUrl}: ${reason}`, { cause });
  }
}
