import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { ShadowgateError } from "../errors.ts";

/**
 * Finds a container runtime the way testcontainers does, and turns its generic "Could not find a working
 * container runtime strategy" (peers.md §7) into a message that says what was tried and how to fix it.
 * Never falls back to another target: the user asked for real Kong.
 */
export async function ensureContainerRuntime(): Promise<void> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  try {
    await getContainerRuntimeClient();
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ShadowgateError(
      "SG_NO_CONTAINER_RUNTIME",
      `--target docker needs a Docker-compatible engine and none answered (${reason}). Tried: ${runtimeCandidates().join("; ")}`,
      { cause },
    );
  }
}

/** What testcontainers looks at, in its order, with what was found here. */
export function runtimeCandidates(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const socket = (p: string) => `${p} (${existsSync(p) ? "present, not answering" : "missing"})`;
  const runtimeDir = env["XDG_RUNTIME_DIR"];
  return [
    `TESTCONTAINERS_HOST_OVERRIDE=${env["TESTCONTAINERS_HOST_OVERRIDE"] ?? "unset"}`,
    `~/.testcontainers.properties (${existsSync(path.join(home, ".testcontainers.properties")) ? "present" : "missing"})`,
    `DOCKER_HOST=${env["DOCKER_HOST"] ?? "unset"}`,
    socket("/var/run/docker.sock"),
    ...(runtimeDir ? [socket(path.join(runtimeDir, "docker.sock"))] : []),
    socket(path.join(home, ".docker", "run", "docker.sock")),
    socket(path.join(home, ".docker", "desktop", "docker.sock")),
  ];
}
