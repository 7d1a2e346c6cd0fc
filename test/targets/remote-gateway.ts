/**
 * A "remote Kong" for URL-target tests: `shadowgate gateway` started as its own process, exactly as a user
 * would start it, reached only over HTTP (proxy + Admin API).
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");
export const bin = path.join(root, "bin/shadowgate.js");
export const exampleKong = path.join(root, "fixtures/kong/acme-buildkite.yml");

export interface RemoteGateway {
  readonly proxyUrl: string;
  readonly adminUrl: string;
  /** GET /config: the running config as YAML. */
  exportedConfig(): Promise<string>;
  configHash(): Promise<string>;
  close(): Promise<void>;
}

export async function startRemoteGateway(config = exampleKong): Promise<RemoteGateway> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [bin, "gateway", "--config", config, "--proxy-listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"],
    { cwd: root },
  );
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const urls = await new Promise<{ proxyUrl: string; adminUrl: string }>((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && line) resolve(JSON.parse(line) as { proxyUrl: string; adminUrl: string });
    });
    child.on("exit", (code) => reject(new Error(`shadowgate gateway exited ${code}: ${stderr}`)));
  });
  const admin = async (p: string) =>
    (await fetch(`${urls.adminUrl}${p}`)).json() as Promise<Record<string, unknown>>;
  return {
    ...urls,
    exportedConfig: async () => String((await admin("/config")).config),
    configHash: async () => String((await admin("/status")).configuration_hash),
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; `onStderr` may act on progress (e.g. interrupt the run once it reaches a stage). */
export function runCli(
  args: readonly string[],
  options: { cwd: string; onStderr?: (all: string, child: ChildProcessWithoutNullStreams) => void },
): Promise<CliRun> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
    options.onStderr?.(stderr, child);
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
