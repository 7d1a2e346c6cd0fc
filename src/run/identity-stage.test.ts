import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../clock.ts";
import { findForgedCase } from "../identity/index.ts";
import { ScenarioSchema, type ScenarioInput } from "../scenario/schema.ts";
import { createRunIdentity, startIdentityServers, type IdentityServers } from "./identity-stage.ts";

const base: ScenarioInput = {
  version: 1,
  name: "s",
  kong: "kong.yml",
  identity: { organization: "acme-inc", rotate: { at: 2 } },
  traffic: { capture: "c.ndjson" },
  forged: { request: { path: "/artifacts/x" }, cases: ["jku-attacker-jwks"] },
};
const scenario = ScenarioSchema.parse(base);
// Three RSA keys: made once for the file (key generation dominates the run time).
const identity = createRunIdentity(scenario, systemClock);
let servers: IdentityServers | undefined;
afterEach(async () => {
  await servers?.close();
  servers = undefined;
});

describe("createRunIdentity", () => {
  it("with identity.rotate: mints with the first key, publishes the second only once rotated", () => {
    expect(identity.next).toBeDefined();
    expect(identity.untrusted).toBeDefined();
    const kids = () => identity.issuer.jwks().keys.map((k) => k.kid);
    expect(kids()).toEqual([identity.initial.kid]);
    expect(identity.rotating?.rotate()).toBe(identity.next!.kid);
    expect(kids()).toEqual([identity.initial.kid, identity.next!.kid]);
    expect(identity.issuer.kid).toBe(identity.next!.kid);
  });
});

describe("startIdentityServers", () => {
  it("starts an attacker JWKS with the untrusted key only when a case needs one", async () => {
    servers = await startIdentityServers(identity, {
      iss: "https://agent.buildkite.com",
      forgedCases: [findForgedCase("jku-attacker-jwks")!],
      clock: systemClock,
    });
    const urls = servers.urls();
    const attacker = (await (await fetch(urls.attackerJwksUrl!)).json()) as { keys: { kid: string }[] };
    expect(attacker.keys.map((k) => k.kid)).toEqual([identity.untrusted!.kid]);
    await servers.close();
    servers = await startIdentityServers(identity, {
      iss: "https://agent.buildkite.com",
      forgedCases: [findForgedCase("expired")!],
      clock: systemClock,
    });
    expect(servers.attacker).toBeUndefined();
    expect(servers.urls()).toStrictEqual({
      jwksUrl: servers.jwks.jwksUrl,
      discoveryUrl: servers.jwks.discoveryUrl,
    });
  });
});

describe("identity.rotate in the scenario schema", () => {
  it("must come at least 0.5 s after the last fault ends (a revert pushes the old key back)", () => {
    const fault = { type: "block-route", route: "deploy", at: 1, for: 1 } as const;
    const early = ScenarioSchema.safeParse({ ...base, faults: [fault] });
    expect(early.success).toBe(false);
    expect(early.error?.issues[0]).toMatchObject({ path: ["identity", "rotate", "at"] });
    expect(early.error?.issues[0]?.message).toMatch(/at least 0\.5 s after the last fault ends \(2 s\)/);
    const late = { ...base, identity: { ...base.identity, rotate: { at: 2.5 } }, faults: [fault] };
    expect(ScenarioSchema.safeParse(late).success).toBe(true);
  });

  it("needs a request to probe with", () => {
    const { forged: _none, ...noForged } = base;
    const parsed = ScenarioSchema.safeParse(noForged);
    expect(parsed.error?.issues[0]?.message).toMatch(/set `probe`/);
  });
});
