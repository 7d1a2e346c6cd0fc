import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { silentLogger } from "../../src/log.ts";
import { run } from "../../src/run/run.ts";
import { restoreFilesIn } from "../../src/targets/restore-file.ts";
import { runCli, startRemoteGateway, type RemoteGateway } from "./remote-gateway.ts";

const fast = path.join(import.meta.dirname, "fixtures/url-fast.yaml");
const slow = path.join(import.meta.dirname, "fixtures/url-slow.yaml");
const scratch = () => mkdtempSync(path.join(tmpdir(), "sg-url-"));

/** The URL target against a gateway the harness did not start: `shadowgate gateway` in its own process. */
describe("--target url against a separately started gateway", () => {
  let gw: RemoteGateway;
  let original: unknown;
  /** The running config, parsed: a reload may reorder keys in GET /config's YAML, never change values. */
  const running = async () => parse(await gw.exportedConfig()) as unknown;
  /** `shadowgate run SCENARIO --target url` against the separately started gateway, reports in ./out. */
  const urlRun = (scenario: string) => [
    "run",
    scenario,
    "--target",
    "url",
    "--proxy-url",
    gw.proxyUrl,
    "--admin-url",
    gw.adminUrl,
    "--out",
    "out",
  ];

  beforeAll(async () => {
    gw = await startRemoteGateway();
    original = await running();
  });
  afterAll(() => gw.close());

  it("loads the shadow config through POST /config, passes, and puts the original config back", async () => {
    const dir = scratch();
    const summary = await run({
      scenarios: [fast],
      target: "url",
      proxyUrl: gw.proxyUrl,
      adminUrl: gw.adminUrl,
      stateDir: path.join(dir, ".shadowgate"),
      out: path.join(dir, "out"),
      logger: silentLogger,
    });
    const result = summary.outcomes[0]!.result;
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([]);
    expect(summary.exitCode).toBe(0);
    expect(result.target).toEqual({ kind: "url", name: "kong (community)", version: "3.9.3" });
    const checks = new Map(result.checks.map((c) => [c.id, c.status]));
    expect(checks.get("fault.block-deploy.applied")).toBe("pass");
    expect(checks.get("fault.block-deploy.recovered")).toBe("pass");
    expect(result.forged.map((f) => [f.case, f.status, f.upstreamHit])).toEqual([
      ["alg-none", 401, false],
      ["untrusted-key", 401, false],
      ["expired", 401, false],
    ]);
    expect(await running()).toEqual(original);
    expect(restoreFilesIn(path.join(dir, ".shadowgate"))).toEqual([]);
  });

  it("restores the config after SIGINT mid-run (exit 4, restore file deleted)", async () => {
    const dir = scratch();
    let interrupted = false;
    const res = await runCli(urlRun(slow), {
      cwd: dir,
      onStderr: (all, child) => {
        // By "replaying" the shadow config is loaded; the fault comes 1 s later, so it may be active too.
        if (!interrupted && all.includes("replaying")) {
          interrupted = true;
          setTimeout(() => child.kill("SIGINT"), 1200);
        }
      },
    });
    expect(res.code, res.stderr).toBe(4);
    expect(await running()).toEqual(original);
    expect(restoreFilesIn(path.join(dir, ".shadowgate"))).toEqual([]);
  });

  it("after a crash, refuses to run again until `shadowgate restore` pushes the saved config back", async () => {
    const dir = scratch();
    let killed = false;
    const crashed = await runCli(urlRun(slow), {
      cwd: dir,
      onStderr: (all, child) => {
        if (!killed && all.includes("replaying")) {
          killed = true;
          child.kill("SIGKILL"); // no handler runs: only the saved copy can put the gateway back
        }
      },
    });
    expect(crashed.code).toBeNull();
    const [saved] = restoreFilesIn(path.join(dir, ".shadowgate"));
    expect(saved).toBeDefined();
    const record = JSON.parse(readFileSync(saved!, "utf8")) as { adminUrl: string; plan: { config: string } };
    expect(record).toMatchObject({ version: 1, adminUrl: gw.adminUrl, plan: { mode: "db-less" } });
    expect(parse(record.plan.config)).toEqual(original);
    expect(await running()).not.toEqual(original); // the shadow config is still loaded

    const again = await runCli(urlRun(fast), { cwd: dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain("SG_RESTORE_PENDING");

    const restored = await runCli(["restore"], { cwd: dir });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`restored ${gw.adminUrl} (db-less)`);
    expect(await running()).toEqual(original);
    expect(existsSync(saved!)).toBe(false);
  });

  it("without --admin-url is read-only: faults are skipped with the reason, never passed", async () => {
    const dir = scratch();
    const summary = await run({
      scenarios: [fast],
      target: "url",
      proxyUrl: gw.proxyUrl,
      out: path.join(dir, "out"),
      stateDir: path.join(dir, ".shadowgate"),
      logger: silentLogger,
    });
    const result = summary.outcomes[0]!.result;
    const faultChecks = result.checks.filter((c) => c.id.startsWith("fault."));
    expect(faultChecks.length).toBeGreaterThan(0);
    for (const check of faultChecks) {
      expect(check.status).toBe("skip");
      expect(check.summary).toContain("--admin-url");
    }
    expect(result.target.limitations).toContain("Read-only");
    expect(result.target.version).toBe("3.9.3"); // from the proxy's Server header
    // The gateway kept its own config (it trusts Buildkite's key, not the harness's): never ready.
    expect(result.verdict).toBe("not-ready");
    expect(await running()).toEqual(original);
  });

  it("--compare embedded,url: the embedded gateway and the one behind the URL agree on every exchange", async () => {
    const dir = scratch();
    const summary = await run({
      scenarios: [fast],
      compare: ["embedded", "url"],
      proxyUrl: gw.proxyUrl,
      adminUrl: gw.adminUrl,
      stateDir: path.join(dir, ".shadowgate"),
      out: path.join(dir, "out"),
      logger: silentLogger,
    });
    const [compared] = summary.comparisons ?? [];
    expect(compared?.comparison.divergences).toEqual([]);
    expect(compared?.comparison.compared).toBeGreaterThanOrEqual(15);
    expect(summary.outcomes.map((o) => o.result.target.kind)).toEqual(["embedded", "url"]);
    expect(summary.exitCode).toBe(0);
    const md = readFileSync(path.join(dir, "out/embedded/target-fast/summary.md"), "utf8");
    expect(md).toContain("## Differential run: embedded vs url");
    expect(JSON.parse(readFileSync(path.join(dir, "out/target-fast/compare.json"), "utf8"))).toMatchObject({
      targets: ["embedded", "url"],
      divergences: [],
    });
  });
});
