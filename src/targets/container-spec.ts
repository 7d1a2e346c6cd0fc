/**
 * The Kong container as data (kong.md §7.2): DB-less, the shadow config copied in, proxy and Admin API on
 * 0.0.0.0, ready when the Admin API answers `GET /status` 200. Kept pure so a unit test pins it on machines
 * without Docker; docker.ts turns it into a testcontainers GenericContainer.
 */
import type { GenericContainer } from "testcontainers";

export const DEFAULT_KONG_IMAGE = "kong:3.9.3";
export const KONG_PROXY_PORT = 8000;
export const KONG_ADMIN_PORT = 8001;
export const CONTAINER_CONFIG_PATH = "/kong/shadow.yml";
/** How a container reaches ports exposed with TestContainers.exposeHostPorts (testcontainers' sshd forwarder). */
export const TESTCONTAINERS_HOST = "host.testcontainers.internal";

export interface KongContainerSpec {
  readonly image: string;
  readonly env: Readonly<Record<string, string>>;
  readonly exposedPorts: readonly number[];
  readonly files: readonly { readonly content: string; readonly target: string; readonly mode: number }[];
  readonly wait: { readonly path: string; readonly port: number; readonly status: number };
  readonly startupTimeoutMs: number;
  readonly labels: Readonly<Record<string, string>>;
}

export function kongContainerSpec(options: {
  readonly image?: string;
  readonly configYaml: string;
  readonly startupTimeoutMs?: number;
}): KongContainerSpec {
  return {
    image: options.image ?? DEFAULT_KONG_IMAGE,
    env: {
      KONG_DATABASE: "off",
      KONG_DECLARATIVE_CONFIG: CONTAINER_CONFIG_PATH,
      // The Admin API listens on 127.0.0.1 by default; in a container it must be 0.0.0.0 to be mapped.
      KONG_PROXY_LISTEN: `0.0.0.0:${KONG_PROXY_PORT}`,
      KONG_ADMIN_LISTEN: `0.0.0.0:${KONG_ADMIN_PORT}`,
      KONG_PROXY_ACCESS_LOG: "/dev/stdout",
      KONG_ADMIN_ACCESS_LOG: "/dev/stdout",
      KONG_PROXY_ERROR_LOG: "/dev/stderr",
      KONG_ADMIN_ERROR_LOG: "/dev/stderr",
    },
    exposedPorts: [KONG_PROXY_PORT, KONG_ADMIN_PORT],
    files: [{ content: options.configYaml, target: CONTAINER_CONFIG_PATH, mode: 0o644 }],
    wait: { path: "/status", port: KONG_ADMIN_PORT, status: 200 },
    startupTimeoutMs: options.startupTimeoutMs ?? 120_000,
    labels: { "dev.shadowgate.role": "kong-under-test" },
  };
}

/** The GenericContainer for a spec; `onLogLine` receives the container's stdout and stderr lines. */
export async function buildKongContainer(
  spec: KongContainerSpec,
  onLogLine: (line: string) => void,
): Promise<GenericContainer> {
  const { GenericContainer, Wait } = await import("testcontainers");
  return new GenericContainer(spec.image)
    .withEnvironment({ ...spec.env })
    .withExposedPorts(...spec.exposedPorts)
    .withCopyContentToContainer(spec.files.map((f) => ({ ...f })))
    .withLabels({ ...spec.labels })
    .withWaitStrategy(Wait.forHttp(spec.wait.path, spec.wait.port).forStatusCode(spec.wait.status))
    .withStartupTimeout(spec.startupTimeoutMs)
    .withLogConsumer((stream) => {
      let partial = "";
      stream.on("data", (chunk: Buffer | string) => {
        const lines = (partial + chunk.toString()).split("\n");
        partial = lines.pop() ?? "";
        for (const line of lines) onLogLine(line);
      });
      stream.on("end", () => {
        if (partial) onLogLine(partial);
      });
    });
}
