import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

describe("an interrupted run", () => {
  it("exits 4, reports incomplete (never ready), and still writes its reports", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "sg-int-"));
    const child = spawn(
      process.execPath,
      ["bin/shadowgate.js", "run", "scenarios/acme-buildkite.yaml", "--out", out],
      {
        cwd: root,
      },
    );
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      // Interrupt once the replay is under way, while the fault is pending or active.
      if (!interrupted && stderr.includes("replaying")) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(4);
    expect(stdout).toMatch(/^incomplete\s+acme-buildkite/m);
    const result = JSON.parse(readFileSync(path.join(out, "acme-buildkite", "result.json"), "utf8")) as {
      verdict: string;
      error: { code: string };
    };
    expect(result.verdict).toBe("incomplete");
    expect(result.error.code).toBe("SG_RUN_INTERRUPTED");
  });
});
