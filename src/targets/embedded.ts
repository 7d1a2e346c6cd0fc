import { ShadowgateError, isShadowgateError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { startEmbeddedGateway } from "../gateway/index.ts";
import { postConfigWriter } from "./config-writer.ts";
import { stoppedFrom, type StartedTarget, type StoppedTarget, type TargetDefinition } from "./types.ts";

/** The caveat every report of an embedded run carries (the full list: `shadowgate gateway --help`). */
const EMBEDDED_CAVEAT =
  "Embedded gateway: a Kong OSS 3.9.3 emulation of the config, router, proxy, plugins and Admin API a shadow " +
  "test touches, not Kong itself (no nginx, Lua, TLS listeners or Enterprise plugins); confirm with real Kong.";

export interface EmbeddedTargetOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly proxyListen?: { host: string; port: number };
  readonly adminListen?: { host: string; port: number };
}

/** The in-process Kong-compatible gateway: the default target, and the one CI without Docker uses. */
export function embeddedTarget(options: EmbeddedTargetOptions = {}): TargetDefinition {
  return {
    state: "not-started",
    kind: "embedded",
    // Same process, same machine: the mocks' loopback URLs work as they are.
    reachHost: (urls) => Promise.resolve(urls),
    async start(config) {
      const logs: string[] = [];
      let gateway;
      try {
        gateway = await startEmbeddedGateway({
          config,
          proxyListen: options.proxyListen ?? { host: "127.0.0.1", port: 0 },
          adminListen: options.adminListen ?? { host: "127.0.0.1", port: 0 },
          ...(options.clock ? { clock: options.clock } : {}),
          logger: {
            info: (m: string) => logs.push(m),
            warn: (m: string) => logs.push(`warn: ${m}`),
            debug: () => undefined,
          },
        });
      } catch (error) {
        // Input errors and "not emulated" refusals already say what to fix; only wrap the unexpected.
        if (isShadowgateError(error) && error.code !== "SG_INTERNAL") throw error;
        throw new ShadowgateError("SG_TARGET_START_FAILED", `embedded gateway: ${String(error)}`, {
          cause: error,
        });
      }
      const running = gateway;
      const identity = {
        name: "shadowgate-embedded (Kong OSS compatible)",
        version: running.version,
        database: "off",
      };
      let stopped: Promise<StoppedTarget> | undefined;
      const stop = () =>
        (stopped ??= running
          .close()
          .then(() => stoppedFrom({ kind: "embedded", gateway: identity, logs: () => logs })));
      const target: StartedTarget = {
        state: "started",
        kind: "embedded",
        proxyUrl: running.proxyUrl,
        adminUrl: running.adminUrl,
        gateway: identity,
        configWriter: running.adminUrl === undefined ? undefined : postConfigWriter(running.adminUrl),
        limitations: EMBEDDED_CAVEAT,
        logs: () => logs,
        stop,
        [Symbol.asyncDispose]: async () => {
          await stop();
        },
      };
      return target;
    },
  };
}
