import { stringify } from "yaml";
import { ShadowgateError, isShadowgateError } from "../errors.ts";
import { adminClient } from "../kong/admin-client.ts";
import { silentLogger, type Logger } from "../log.ts";
import { postConfigWriter } from "./config-writer.ts";
import { ensureContainerRuntime } from "./container-runtime.ts";
import {
  buildKongContainer,
  kongContainerSpec,
  KONG_ADMIN_PORT,
  KONG_PROXY_PORT,
  TESTCONTAINERS_HOST,
} from "./container-spec.ts";
import {
  stoppedFrom,
  withHost,
  type StartedTarget,
  type StoppedTarget,
  type TargetDefinition,
} from "./types.ts";

export interface DockerTargetOptions {
  /** Default kong:3.9.3 (`--kong-image`). */
  readonly image?: string;
  readonly startupTimeoutMs?: number;
  readonly logger?: Logger;
}

/**
 * Real Kong in a container (`--target docker`, testcontainers). The mocks stay on this machine: their ports
 * are exposed to the container and the config names them host.testcontainers.internal:PORT. The container is
 * removed on stop; on a crash or a hard exit testcontainers' reaper (Ryuk) removes it.
 */
export function dockerTarget(options: DockerTargetOptions = {}): TargetDefinition {
  const logger = options.logger ?? silentLogger;
  return {
    state: "not-started",
    kind: "docker",
    async reachHost(urls) {
      await ensureContainerRuntime();
      const ports = [...urls.values()].map((url) => Number(new URL(url).port));
      const { TestContainers } = await import("testcontainers");
      await TestContainers.exposeHostPorts(...ports);
      return withHost(urls, TESTCONTAINERS_HOST);
    },
    async start(config) {
      await ensureContainerRuntime();
      const spec = kongContainerSpec({
        configYaml: stringify(config),
        ...(options.image ? { image: options.image } : {}),
        ...(options.startupTimeoutMs ? { startupTimeoutMs: options.startupTimeoutMs } : {}),
      });
      const logs: string[] = [];
      logger.info(`starting ${spec.image} (DB-less) in a container`);
      let container;
      try {
        container = await (await buildKongContainer(spec, (line) => logs.push(line))).start();
      } catch (cause) {
        if (isShadowgateError(cause)) throw cause;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new ShadowgateError(
          "SG_TARGET_START_FAILED",
          `${spec.image}: ${reason}${logs.length ? `\n--- container log (last lines) ---\n${logs.slice(-30).join("\n")}` : ""}`,
          { cause, details: { logs } },
        );
      }
      const running = container;
      const base = `http://${running.getHost()}`;
      const proxyUrl = `${base}:${running.getMappedPort(KONG_PROXY_PORT)}`;
      const adminUrl = `${base}:${running.getMappedPort(KONG_ADMIN_PORT)}`;
      const info = await adminClient(adminUrl)
        .info()
        .catch(() => ({ version: "unknown", edition: "unknown", database: "off" }));
      const gateway = { name: `kong (${spec.image})`, version: info.version, database: info.database };
      let stopped: Promise<StoppedTarget> | undefined;
      const stop = () =>
        (stopped ??= running
          .stop({ remove: true, removeVolumes: true })
          .catch((error: unknown) => logger.warn(`removing the Kong container failed: ${String(error)}`))
          .then(() => stoppedFrom({ kind: "docker", gateway, logs: () => logs })));
      const target: StartedTarget = {
        state: "started",
        kind: "docker",
        proxyUrl,
        adminUrl,
        gateway,
        configWriter: postConfigWriter(adminUrl),
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
