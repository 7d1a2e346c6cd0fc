/**
 * The conformance suite's container mode (SHADOWGATE_CONFORMANCE_TARGET=docker): real Kong 3.9.3 started by
 * the docker target, and the suite's echo upstream exposed to it through testcontainers' host port forwarder.
 * Without a container runtime it throws SG_NO_CONTAINER_RUNTIME: asking for Kong never falls back.
 */
import { ensureContainerRuntime } from "../../src/targets/container-runtime.ts";
import { TESTCONTAINERS_HOST } from "../../src/targets/container-spec.ts";
import { dockerTarget } from "../../src/targets/docker.ts";

export const conformanceOnDocker = (): boolean => process.env["SHADOWGATE_CONFORMANCE_TARGET"] === "docker";

export async function startDockerKong(
  config: Record<string, unknown>,
): Promise<{ proxyUrl: string; adminUrl: string; close(): Promise<void> }> {
  const started = await dockerTarget({ image: process.env["SHADOWGATE_KONG_IMAGE"] ?? "kong:3.9.3" }).start(
    config,
  );
  return {
    proxyUrl: started.proxyUrl,
    adminUrl: started.adminUrl as string,
    close: async () => {
      await started.stop();
    },
  };
}

/** Makes a loopback port reachable from containers; returns the host name they use for it. */
export async function exposeToContainers(port: number): Promise<string> {
  await ensureContainerRuntime();
  const { TestContainers } = await import("testcontainers");
  await TestContainers.exposeHostPorts(port);
  return TESTCONTAINERS_HOST;
}
