import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getContainerRuntimeClient } from "testcontainers";
import { silentLogger } from "../../src/log.ts";
import { run } from "../../src/run/run.ts";
import { root } from "./remote-gateway.ts";

const fast = path.join(import.meta.dirname, "fixtures/url-fast.yaml");
const runtime = await getContainerRuntimeClient().then(
  () => true,
  () => false,
);
const NO_RUNTIME = "skipped: no container runtime on this machine (DOCKER_HOST unset, no Docker socket)";

describe.skipIf(!runtime)(
  `--target docker: real Kong 3.9.3 in a container${runtime ? "" : ` (${NO_RUNTIME})`}`,
  () => {
    it("runs the scenario with mocks on the host reached as host.testcontainers.internal", async () => {
      const summary = await run({
        scenarios: [fast],
        target: "docker",
        out: mkdtempSync(path.join(tmpdir(), "sg-docker-")),
        logger: silentLogger,
      });
      const result = summary.outcomes[0]!.result;
      expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
      expect(result.target).toMatchObject({ kind: "docker", version: "3.9.3" });
    }, 240_000);

    it("the conformance suite passes against the container target", () => {
      const res = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "test/conformance"], {
        cwd: root,
        env: { ...process.env, SHADOWGATE_CONFORMANCE_TARGET: "docker" },
        encoding: "utf8",
        timeout: 600_000,
      });
      expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0);
    }, 660_000);

    it("--compare embedded,docker measures the embedded gateway against real Kong: no divergence", async () => {
      const summary = await run({
        scenarios: [fast],
        compare: ["embedded", "docker"],
        out: mkdtempSync(path.join(tmpdir(), "sg-docker-")),
        logger: silentLogger,
      });
      expect(summary.comparisons?.[0]?.comparison.divergences).toEqual([]);
    }, 240_000);
  },
);

describe.skipIf(runtime)("--target docker without a container runtime", () => {
  it("exits 3 with what was tried and how to fix it, never falling back to another target", async () => {
    const failure = await run({ scenarios: [fast], target: "docker", logger: silentLogger }).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: "SG_NO_CONTAINER_RUNTIME", exitCode: 3 });
    const message = (failure as Error).message;
    expect(message).toContain("DOCKER_HOST=");
    expect(message).toContain("/var/run/docker.sock");
    expect((failure as { hint: string }).hint).toContain("--target embedded");

    const cli = spawnSync(process.execPath, ["bin/shadowgate.js", "run", fast, "--target", "docker"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(cli.status).toBe(3);
    expect(cli.stderr).toContain("SG_NO_CONTAINER_RUNTIME");
    expect(cli.stdout).toBe(""); // no scenario ran on anything else
  });

  it("the conformance suite asked to use a container fails loudly instead of testing the embedded gateway", () => {
    const res = spawnSync(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "test/conformance/request-termination.test.ts"],
      { cwd: root, env: { ...process.env, SHADOWGATE_CONFORMANCE_TARGET: "docker" }, encoding: "utf8" },
    );
    expect(res.status).not.toBe(0);
    expect(`${res.stdout}${res.stderr}`).toContain("SG_NO_CONTAINER_RUNTIME");
  });
});
