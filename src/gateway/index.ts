/**
 * The embedded Kong-compatible gateway (DESIGN.md "gateway/"): a DB-less Kong 3.9.3 as far as a
 * test can tell for what it implements (see limitations.ts).
 *
 * @example
 * await using gw = await startEmbeddedGateway({ config: readFileSync("kong.yml", "utf8"), source: "kong.yml" });
 * await fetch(`${gw.proxyUrl}/orders`);
 */
import { randomFillSync, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { hostname } from "node:os";
import type { AddressInfo } from "node:net";
import { systemClock, type Clock } from "../clock.ts";
import { ShadowgateError } from "../errors.ts";
import { silentLogger, type Logger } from "../log.ts";
import { parseDeclarativeConfig, type ParsedDeclarativeConfig } from "../kong/declarative.ts";
import { handleAdminRequest } from "./admin/admin-api.ts";
import type { ServerCounters } from "./admin/info.ts";
import { KONG_VERSION } from "./kong-headers.ts";
import { renderNginxError, sendGenerated } from "./respond.ts";
import { handleProxyRequest } from "./pipeline.ts";
import { createPlugins, sortByPriority } from "./plugin-registry.ts";
import type { GatewayPlugin } from "./types.ts";
import { buildSnapshot, closeSnapshot, type ConfigSnapshot } from "./snapshot.ts";
import { assertEmulated } from "./unsupported.ts";

export interface EmbeddedGatewayOptions {
  /** Raw declarative object or YAML/JSON text (`_format_version: "3.0"`). */
  config: unknown;
  /** File name for error messages. */
  source?: string;
  proxyListen?: { host: string; port: number };
  /** null = no Admin API. */
  adminListen?: { host: string; port: number } | null;
  clock?: Clock;
  requestId?: () => string;
  logger?: Logger;
  /**
   * Replaces built-in plugins by name. Used to build deliberately weakened gateways (a jwt that skips the
   * signature check, trusts the token's alg, …) so tests can measure what the forged-token catalogue catches.
   */
  pluginOverrides?: readonly GatewayPlugin[];
}

export interface RunningEmbeddedGateway extends AsyncDisposable {
  readonly proxyUrl: string;
  readonly adminUrl: string | undefined;
  readonly version: "3.9.3";
  currentConfig(): ParsedDeclarativeConfig;
  /**
   * Throws SG_KONG_CONFIG_INVALID (Kong refuses it) or SG_TARGET_UNSUPPORTED_CONFIG (Kong accepts it,
   * the emulator cannot run it) and keeps the running config; atomic: in-flight requests keep the
   * snapshot they started with.
   */
  reload(config: unknown): void;
  close(): Promise<void>;
}

const ID_POOL = 4096;
let idPool = Buffer.alloc(0);
let idOffset = ID_POOL;

/**
 * 32 lower-case hex like `$kong_request_id` (16 random bytes in hex, as nginx's `$request_id`); the
 * bytes come from one randomFillSync per 256 requests instead of a UUID formatted and stripped per request.
 */
function defaultRequestId(): string {
  if (idOffset === ID_POOL) {
    idPool = randomFillSync(Buffer.allocUnsafe(ID_POOL));
    idOffset = 0;
  }
  idOffset += 16;
  return idPool.toString("hex", idOffset - 16, idOffset);
}

function listen(server: Server, at: { host: string; port: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once("error", (e) =>
      reject(
        new ShadowgateError(
          "SG_TARGET_START_FAILED",
          `cannot listen on ${at.host}:${at.port}: ${e.message}`,
          { cause: e },
        ),
      ),
    );
    server.listen(at.port, at.host, () => {
      const addr = server.address() as AddressInfo;
      const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      resolve(`http://${host}:${addr.port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function warnUnemulated(config: ParsedDeclarativeConfig, logger: Logger): void {
  // Entities that change nothing on a plain-HTTP emulator (certificates, vaults, ...); an upstream a
  // service actually uses is refused by assertEmulated instead.
  if (config.unemulatedEntities.length)
    logger.warn(`embedded gateway ignores declarative entities: ${config.unemulatedEntities.join(", ")}`);
}

export async function startEmbeddedGateway(options: EmbeddedGatewayOptions): Promise<RunningEmbeddedGateway> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const requestId = options.requestId ?? defaultRequestId;
  const node = { nodeId: randomUUID(), hostname: hostname() };
  const overrides = new Map((options.pluginOverrides ?? []).map((p) => [p.name, p]));
  const builtIn = createPlugins({ clock, logger });
  const plugins = sortByPriority([
    ...builtIn.map((p) => overrides.get(p.name) ?? p),
    ...[...overrides.values()].filter((o) => !builtIn.some((p) => p.name === o.name)),
  ]);
  const implemented = new Set(plugins.map((p) => p.name));
  const load = (input: unknown, source?: string): ParsedDeclarativeConfig => {
    const parsed = parseDeclarativeConfig(input, source === undefined ? {} : { source });
    assertEmulated(parsed, implemented);
    warnUnemulated(parsed, logger);
    return parsed;
  };
  let current: ConfigSnapshot = buildSnapshot(load(options.config, options.source), node);
  const counters: ServerCounters = { connectionsActive: 0, connectionsAccepted: 0, totalRequests: 0 };

  const reloadSnapshot = (input: unknown): ConfigSnapshot => {
    const parsed = load(input); // throws before anything changes
    const previous = current;
    current = buildSnapshot(parsed, node);
    // Pools of the old snapshot finish their in-flight requests, then close.
    void closeSnapshot(previous);
    return current;
  };

  const track = (server: Server): void => {
    server.on("connection", (socket) => {
      counters.connectionsActive++;
      counters.connectionsAccepted++;
      socket.once("close", () => counters.connectionsActive--);
    });
    server.on("request", () => counters.totalRequests++);
  };

  const deps = { clock, logger, requestId, snapshot: () => current, plugins };
  const proxyServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    handleProxyRequest(deps, req, res).catch((e: unknown) => {
      logger.warn(`proxy error: ${(e as Error).message}`);
      if (!res.headersSent) {
        const meta = {
          requestId: requestId(),
          isHead: req.method === "HEAD",
          accept: req.headers.accept,
          contentType: req.headers["content-type"],
        };
        sendGenerated(res, renderNginxError(500, "An unexpected error occurred", meta), meta, new Map(), []);
      } else res.destroy();
    });
  });
  track(proxyServer);
  const proxyUrl = await listen(proxyServer, options.proxyListen ?? { host: "127.0.0.1", port: 0 });

  let adminServer: Server | undefined;
  let adminUrl: string | undefined;
  const adminListen =
    options.adminListen === undefined ? { host: "127.0.0.1", port: 0 } : options.adminListen;
  if (adminListen !== null) {
    const server = createServer((req, res) => {
      handleAdminRequest(
        {
          snapshot: () => current,
          reload: reloadSnapshot,
          hashOf: (input) => {
            try {
              return parseDeclarativeConfig(input).hash;
            } catch {
              return undefined;
            }
          },
          counters,
          listen: () => ({
            proxyListen: proxyUrl.replace("http://", ""),
            adminListen: (adminUrl ?? "").replace("http://", ""),
          }),
        },
        req,
        res,
      ).catch((e: unknown) => {
        logger.warn(`admin error: ${(e as Error).message}`);
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end('{"message":"An unexpected error occurred"}');
        }
      });
    });
    track(server);
    try {
      adminUrl = await listen(server, adminListen);
    } catch (e) {
      await closeServer(proxyServer);
      await closeSnapshot(current);
      throw e;
    }
    adminServer = server;
  }

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      await Promise.all([
        closeServer(proxyServer),
        adminServer ? closeServer(adminServer) : Promise.resolve(),
      ]);
      await closeSnapshot(current);
      await Promise.all(plugins.map((p) => (p.close ? p.close() : Promise.resolve())));
    })());

  return {
    proxyUrl,
    adminUrl,
    version: KONG_VERSION,
    currentConfig: () => current.config,
    reload: (config) => void reloadSnapshot(config),
    close,
    [Symbol.asyncDispose]: close,
  };
}
