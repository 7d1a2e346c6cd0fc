import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { root, tempDir } from "./support.ts";

describe("shadowgate mirror (CLI)", () => {
  const primary = createServer((_req, res) => res.end("ok"));
  afterAll(() => primary.close());

  it("stops on SIGTERM with every record flushed, exit 0", async () => {
    await new Promise<void>((resolve) => primary.listen(0, "127.0.0.1", resolve));
    const capture = path.join(tempDir("sg-mirror-cli-"), "c.ndjson");
    const child = spawn(
      process.execPath,
      [
        "bin/shadowgate.js",
        "mirror",
        "--listen",
        "127.0.0.1:0",
        "--primary",
        `http://127.0.0.1:${(primary.address() as AddressInfo).port}`,
        "--capture",
        capture,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve) => lines.once("line", resolve));
    const { url } = JSON.parse(first) as { url: string };
    for (let i = 0; i < 20; i += 1) await (await request(`${url}/a/${i}`)).body.text();
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    const last = new Promise<string>((resolve) => lines.on("line", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(JSON.parse(await last)).toMatchObject({ requests: 20, recorded: 20 });
    expect(readFileSync(capture, "utf8").trim().split("\n")).toHaveLength(20);
  }, 20_000);
});
