import { describe, expect, it } from "vitest";
import type { Observation } from "../replay/types.ts";
import { forgedChecks } from "./forged-checks.ts";

const obs = (
  forgedCase: string,
  status: number,
  upstreamHit: boolean,
  body = '{"message":"Invalid signature"}',
): Observation => ({
  exchangeId: `forged:${forgedCase}`,
  kind: "forged",
  method: "GET",
  path: "/artifacts",
  token: "forged",
  forgedCase,
  intendedAtMs: 0,
  sentAtMs: 0,
  latencyUs: 900,
  status,
  bodyExcerpt: body,
  responseHeaders: {},
  upstreamHit,
  activeFaults: [],
  faultTransition: false,
});

const CAVEAT = "Kong accepts it when config.claims_to_verify is unset (the default).";

describe("forgedChecks", () => {
  it("passes a refused case the upstream never saw, without the caveat", () => {
    const [check] = forgedChecks(
      [obs("expired", 401, false)],
      [{ id: "expired", description: "Expired token.", statuses: [401], kongCaveat: CAVEAT }],
    );
    expect(check).toMatchObject({
      id: "forged.expired",
      status: "pass",
      summary: "Expired token: rejected with 401",
    });
    expect(check!.evidence!.join("\n")).not.toContain("Kong OSS");
  });

  it("fails an accepted case and says why Kong OSS accepts it by design", () => {
    const [check] = forgedChecks(
      [obs("expired", 200, true, '{"ok":true}')],
      [{ id: "expired", description: "Expired token.", statuses: [401], kongCaveat: CAVEAT }],
    );
    expect(check!.status).toBe("fail");
    expect(check!.summary).toBe(
      `Expired token: ACCEPTED: the gateway forwarded it upstream (status 200) (by design unless configured: ${CAVEAT})`,
    );
    expect(check!.evidence).toEqual([
      "status 200 (expected 401)",
      "upstream SAW the request",
      'body "{\\"ok\\":true}"',
      `Kong OSS: ${CAVEAT}`,
    ]);
  });

  it("fails a 401 when the gateway fetched the attacker's URL (SSRF), listing the fetch", () => {
    const fetch = "GET http://127.0.0.1:4567/.well-known/jwks → 200";
    const [check] = forgedChecks(
      [obs("jku-attacker-jwks", 401, false)],
      [{ id: "jku-attacker-jwks", description: "jku.", statuses: [401], attackerFetches: [fetch] }],
    );
    expect(check!.status).toBe("fail");
    expect(check!.summary).toMatch(
      /FETCHED the attacker's URL from the token \(SSRF vector\), even though it answered 401/,
    );
    expect(check!.evidence).toContain(`gateway FETCHED from the attacker's server: ${fetch}`);
  });

  it("skips a case that was never sent", () => {
    expect(forgedChecks([], [{ id: "alg-none", description: "x", statuses: [401] }])[0]!.status).toBe("skip");
  });
});
