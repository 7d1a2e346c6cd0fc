import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function shadowgate(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "bin/shadowgate.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("shadowgate CLI", () => {
  it("exits 1 on the weak config, naming the expired-token check", () => {
    const out = mkdtempSync(path.join(tmpdir(), "sg-cli-"));
    const res = shadowgate("run", "fixtures/scenarios/weak-no-exp.yaml", "--out", out);
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(/^not-ready\s+weak-no-exp/m);
    expect(res.stdout).toMatch(/FAIL forged\.expired: .*ACCEPTED/);
    expect(res.stdout).not.toMatch(/FAIL forged\.(alg-none|untrusted-key)/);
  });

  it("exits 2 on a malformed scenario, naming file:line:column", () => {
    for (const command of ["validate", "run"]) {
      const res = shadowgate(command, "fixtures/scenarios/malformed.yaml");
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(
        /SG_SCENARIO_INVALID: fixtures\/scenarios\/malformed\.yaml:7:3: identity\.lifetme/,
      );
      expect(res.stderr).toContain('did you mean "lifetime"');
    }
  });

  it("validates the shipped scenarios and Kong configs", () => {
    const res = shadowgate("validate", "scenarios/", "fixtures/kong/acme-buildkite.yml");
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/ok\s+scenario\s+scenarios\/acme-buildkite\.yaml/);
    expect(res.stdout).toMatch(/ok\s+kong\s+fixtures\/kong\/acme-buildkite\.yml/);
  });

  it("refuses a target it cannot reach instead of falling back (exit 3)", () => {
    // Port 1 on loopback: nothing listens there on any machine (docker: test/targets/docker.test.ts).
    const res = shadowgate(
      "run",
      "scenarios/acme-buildkite.yaml",
      "--target",
      "url",
      "--proxy-url",
      "http://127.0.0.1:1",
    );
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/^incomplete\s+acme-buildkite/m);
    expect(res.stdout).toMatch(/SG_TARGET_UNREACHABLE: proxy http:\/\/127\.0\.0\.1:1/);
  });

  it("refuses a config the embedded gateway cannot emulate (exit 3), instead of ignoring the plugin", () => {
    const out = mkdtempSync(path.join(tmpdir(), "sg-cli-"));
    const res = shadowgate("run", "fixtures/scenarios/unemulated.yaml", "--out", out);
    expect(res.code).toBe(3);
    expect(res.stdout).toMatch(/^incomplete\s+unemulated/m);
    expect(res.stdout).toMatch(/SG_TARGET_UNSUPPORTED_CONFIG: .*response-transformer/);
  });

  it("refuses a capture with no Buildkite job before starting anything (exit 2)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sg-cli-"));
    const capture = path.join(dir, "anonymous.ndjson");
    writeFileSync(
      capture,
      `${JSON.stringify({ v: 1, at: "2026-11-20T09:30:00.000Z", method: "GET", path: "/a" })}\n`,
    );
    const scenario = path.join(dir, "s.yaml");
    writeFileSync(
      scenario,
      `version: 1\nname: anonymous\nkong: ${path.join(root, "fixtures/kong/acme-buildkite.yml")}\n` +
        `identity: { organization: acme-inc }\ntraffic: { capture: ${capture} }\n`,
    );
    const res = shadowgate("run", scenario, "--out", dir);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/SG_CAPTURE_INVALID: .*anonymous\.ndjson: no record has a Buildkite `job`/);
  });

  it("answers usage errors with exit 2 and --version with 0", () => {
    expect(shadowgate("run").code).toBe(2);
    expect(shadowgate("--nope").code).toBe(2);
    const version = shadowgate("--version");
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
