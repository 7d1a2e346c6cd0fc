/**
 * The identity stage inside a real run: the harness's JWKS/discovery served during the run, an attacker
 * JWKS for the jku/x5u/iss cases, and a key rotation pushed through POST /config.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "../src/log.ts";
import type { ScenarioResult } from "../src/report/types.ts";
import { run } from "../src/run/run.ts";

const root = path.resolve(import.meta.dirname, "..");
let result: ScenarioResult;
let summaryMd: string;
/** What the run's JWKS and discovery served while the run was going. */
let servedDuringRun: Promise<{ jwks: { keys: { kid: string }[] }; discovery: Record<string, unknown> }>;

beforeAll(async () => {
  const out = mkdtempSync(path.join(tmpdir(), "sg-identity-"));
  const logger: Logger = {
    info: (message) => {
      const url = /JWKS at (\S+)/.exec(message)?.[1];
      if (url)
        servedDuringRun = (async () => ({
          jwks: (await (await fetch(url)).json()) as { keys: { kid: string }[] },
          discovery: (await (await fetch(url.replace(/jwks$/, "openid-configuration"))).json()) as Record<
            string,
            unknown
          >,
        }))();
    },
    warn: () => undefined,
    debug: () => undefined,
  };
  const summary = await run({
    scenarios: [path.join(root, "fixtures/scenarios/detection/rotation.yaml")],
    out,
    logger,
  });
  result = summary.outcomes[0]!.result;
  summaryMd = readFileSync(path.join(out, "rotation", "summary.md"), "utf8");
}, 60_000);

const check = (id: string) => result.checks.find((c) => c.id === id);

describe("identity in a run", () => {
  it("serves the JWKS and OpenID discovery on loopback during the run and reports their URLs", async () => {
    expect(result.identity.jwksUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks$/);
    expect(result.identity.discoveryUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration$/,
    );
    const served = await servedDuringRun;
    expect(served.jwks.keys.map((k) => k.kid)).toEqual([result.identity.kid]);
    expect(served.discovery).toMatchObject({
      issuer: "https://agent.buildkite.com",
      jwks_uri: result.identity.jwksUrl,
    });
    await expect(fetch(result.identity.jwksUrl!)).rejects.toThrow(); // closed with the run
    expect(summaryMd).toContain(
      `JWKS ${result.identity.jwksUrl} and OpenID discovery ${result.identity.discoveryUrl}`,
    );
  });

  it("points jku/x5u/iss cases at a real attacker server, and Kong's jwt fetches none of them", () => {
    expect(result.identity.attackerJwksUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/jwks$/);
    for (const id of ["jku-attacker-jwks", "x5u-attacker-url", "iss-attacker-discovery"]) {
      expect(check(`forged.${id}`)?.status, id).toBe("pass");
      expect(check(`forged.${id}`)?.evidence?.join("\n")).not.toContain("FETCHED");
    }
    expect(check("forged.token-in-query")?.status).toBe("pass");
    expect(check("forged.multiple-tokens")?.status).toBe("pass");
  });

  it("rotates the key mid-run: new-key tokens accepted after the push, old-key tokens refused (Kong OSS)", () => {
    const rotation = result.identity.rotation!;
    expect(rotation).toMatchObject({ plannedAtMs: 400, fromKid: result.identity.kid });
    expect(rotation.toKid).toMatch(/^[0-9a-f]{64}$/);
    expect(rotation.toKid).not.toBe(rotation.fromKid);
    expect(rotation.error).toBeUndefined();
    expect(rotation.pushedAtMs!).toBeGreaterThanOrEqual(rotation.rotatedAtMs!);
    expect(check("identity.rotation.new-key")).toMatchObject({ status: "pass" });
    expect(check("identity.rotation.new-key")?.evidence?.[0]).toMatch(/^new key before the push: 401/);
    expect(check("identity.rotation.old-key")?.status).toBe("fail");
    expect(check("identity.rotation.old-key")?.summary).toMatch(
      /REFUSED after the push: Kong OSS holds one rsa_public_key/,
    );
    expect(check("identity.rotation.old-key")?.evidence?.[0]).toMatch(
      /^old key after the push: 401, upstream never saw it/,
    );
    expect(result.verdict).toBe("not-ready");
    expect(summaryMd).toMatch(/Key rotation \(planned 0\.4 s\): rotated at .* config pushed at/);
  });

  it("keeps keys and tokens out of result.json", () => {
    const json = JSON.stringify(result);
    expect(json).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    expect(json).not.toContain("BEGIN PUBLIC KEY");
  });
});
