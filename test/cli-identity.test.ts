/** The identity and audit commands as a user runs them: real process, real stdout/stderr, exit codes. */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function shadowgate(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, "bin/shadowgate.js"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("shadowgate token", () => {
  it("mint → decode round trip: a Buildkite-shaped RS256 token with the flags' claims", () => {
    const minted = shadowgate(
      "token",
      "mint",
      "--org",
      "acme-inc",
      "--pipeline",
      "payments-api",
      "--step",
      "deploy",
      "--build",
      "4182",
      "--audience",
      "https://api.acme.internal",
      "--lifetime",
      "600",
      "--claim",
      "queue_key=runners",
    );
    expect(minted.code, minted.stderr).toBe(0);
    const token = minted.stdout.trim();
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(minted.stderr).toMatch(
      /ephemeral signing key \(kid [0-9a-f]{64}\); trust it with:\n-----BEGIN PUBLIC KEY-----/,
    );

    const decoded = shadowgate("token", "decode", token);
    expect(decoded.code, decoded.stderr).toBe(0);
    const { verified, header, claims } = JSON.parse(decoded.stdout) as {
      verified: boolean;
      header: Record<string, unknown>;
      claims: Record<string, unknown>;
    };
    expect(verified).toBe(false);
    expect(Object.keys(header)).toEqual(["alg", "kid"]);
    expect(header.alg).toBe("RS256");
    expect(header.kid).toMatch(/^[0-9a-f]{64}$/);
    expect(claims).toMatchObject({
      iss: "https://agent.buildkite.com",
      aud: "https://api.acme.internal",
      organization_slug: "acme-inc",
      pipeline_slug: "payments-api",
      build_number: 4182,
      build_branch: "main",
      step_key: "deploy",
      queue_key: "runners",
    });
    expect(claims.sub).toMatch(
      /^organization:acme-inc:pipeline:payments-api:ref:refs\/heads\/main:commit:[0-9a-f]{40}:step:deploy$/,
    );
    expect((claims.exp as number) - (claims.iat as number)).toBe(600);
    expect(claims.nbf).toBe(claims.iat);
  });

  it("refuses a lifetime above 7200 s with Buildkite's own message (exit 2)", () => {
    const res = shadowgate("token", "mint", "--org", "acme-inc", "--pipeline", "p", "--lifetime", "7201");
    expect(res.code).toBe(2);
    expect(res.stdout).toBe("");
    expect(res.stderr).toContain(
      "SG_TOKEN_REQUEST_INVALID: Requested lifetime too high (requested: 7201 max: 7200)",
    );
  });

  it("decode of a non-JWT exits 2 with SG_TOKEN_MALFORMED", () => {
    const res = shadowgate("token", "decode", "not-a-token");
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/SG_TOKEN_MALFORMED/);
  });
});

describe("shadowgate forge --list", () => {
  it("--json prints the catalogue as [{id, class, description}], at least 39 cases", () => {
    const res = shadowgate("forge", "--list", "--json");
    expect(res.code, res.stderr).toBe(0);
    const rows = JSON.parse(res.stdout) as Record<string, unknown>[];
    expect(rows.length).toBeGreaterThanOrEqual(39);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["id", "class", "description"]);
      expect(row.class).toMatch(/^(signature|algorithm|key-selection|claims|buildkite)$/);
      expect(row.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.map((r) => r.id)).toEqual(
      expect.arrayContaining(["alg-none", "jku-attacker-jwks", "token-in-query"]),
    );
  });

  it("without --json prints one aligned line per case", () => {
    const res = shadowgate("forge", "--list");
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split("\n");
    expect(lines.length).toBe(
      (JSON.parse(shadowgate("forge", "--list", "--json").stdout) as unknown[]).length,
    );
    expect(lines[0]).toMatch(/^untrusted-key\s+signature\s+\S/);
  });
});

describe("shadowgate audit", () => {
  it("exits 1 with --fail-on high on a config that never checks exp", () => {
    const res = shadowgate("audit", "fixtures/kong/weak-no-exp.yml", "--fail-on", "high");
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(/\[HIGH\] .*\(jwt-exp-not-verified\)/);
  });

  it("exits 0 with --fail-on critical on the hardened config", () => {
    const res = shadowgate(
      "audit",
      "fixtures/kong/audit/hardened.yml",
      "--fail-on",
      "critical",
      "--restricted-route",
      "deploy",
    );
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("Kong config audit: no findings.");
  });

  it("--json prints the findings as an array of {id, severity, title, entity, kongBehaviour, demonstratedBy, fix}", () => {
    const res = shadowgate("audit", "fixtures/kong/weak-no-exp.yml", "--json");
    const findings = JSON.parse(res.stdout) as Record<string, unknown>[];
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(Object.keys(f).sort()).toEqual([
        "demonstratedBy",
        "entity",
        "fix",
        "id",
        "kongBehaviour",
        "severity",
        "title",
      ]);
      expect(f.severity).toMatch(/^(info|low|medium|high|critical)$/);
      expect(Array.isArray(f.demonstratedBy)).toBe(true);
    }
    const exp = findings.find((f) => f.id === "jwt-exp-not-verified");
    expect(exp).toMatchObject({ severity: "high" });
    expect(exp?.demonstratedBy).toContain("expired");
  });

  it("--list prints every rule with its severity; a missing file argument is a usage error", () => {
    const list = shadowgate("audit", "--list");
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^jwt-exp-not-verified\s+high\s+\S/m);
    const usage = shadowgate("audit");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/SG_USAGE: audit needs a kong\.yml/);
  });
});
