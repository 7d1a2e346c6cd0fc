import { ShadowgateError, isShadowgateError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { startEmbeddedGateway } from "../gateway/index.ts";
import type { StartedTarget, TargetDefinition } from "./types.ts";

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
    kind: "embedded",
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
        if (isShadowgateError(error) && error.exitCode === 2) throw error;
        throw new ShadowgateError("SG_TARGET_START_FAILED", `embedded gateway: ${String(error)}`, {
          cause: error,
        });
      }
      const running = gateway;
      const stop = () => running.close();
      const target: StartedTarget = {
        kind: "embedded",
        proxyUrl: running.proxyUrl,
        adminUrl: running.adminUrl,
        gateway: { name: "shadowgate-embedded (Kong OSS compatible)", version: running.version },
        limitations: EMBEDDED_CAVEAT,
        logs: () => logs,
        stop,
        [Symbol.asyncDispose]: stop,
      };
      return target;
    },
  };
}
