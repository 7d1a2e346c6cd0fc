import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";

/** Starts a node script and resolves with its first stdout line (a URL or a JSON line) and the process. */
export async function startChild(
  args: readonly string[],
): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const firstLine = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
  return { child, firstLine };
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  await exited;
}
