import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIssuer } from "../issuer.ts";
import { FIXED_NOW_SEC, SAMPLE_JOB, fixedClock } from "../test-support.ts";
import { FORGED_CASES, findForgedCase } from "./catalogue.ts";
import { kongJwtOutcome } from "./kong-jwt-model.test-support.ts";
import { KONG_REASON } from "./kong-reasons.ts";
import type { ForgeContext } from "./types.ts";

const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
const ctx: ForgeContext = {
  trusted: createIssuer({ privateKey: rsa(), clock: fixedClock() }),
  untrusted: createIssuer({ privateKey: rsa(), clock: fixedClock() }),
  job: SAMPLE_JOB,
  audience: "https://ci-api.internal.example",
  nowSec: FIXED_NOW_SEC,
  attackerJwksUrl: "http://127.0.0.1:4567/.well-known/jwks",
};

describe("kongReason", () => {
  it.each(FORGED_CASES.map((c) => [c.id, c] as const))(
    "%s: Kong's §1.4 check order gives its kongReason",
    (_id, forged) => {
      const outcome = kongJwtOutcome(forged.build(ctx), ctx.trusted, FIXED_NOW_SEC);
      if (forged.kongReason === undefined) {
        // Only validly signed policy cases get past Kong's plugin, and they say why in kongCaveat.
        expect(outcome).toBe("accepted");
        expect(forged.kongCaveat).toBeDefined();
      } else {
        expect(outcome).not.toBe("accepted");
        expect(forged.kongReason.startsWith(KONG_REASON[outcome as keyof typeof KONG_REASON])).toBe(true);
      }
    },
  );

  it('with Kong\'s default uri_param_names ["jwt"], query tokens count: a second token is refused, a lone one accepted', () => {
    const outcome = (id: string) =>
      kongJwtOutcome(findForgedCase(id)!.build(ctx), ctx.trusted, FIXED_NOW_SEC, ["jwt"]);
    expect(outcome("multiple-tokens")).toBe("multipleTokens");
    expect(outcome("token-in-query")).toBe("accepted");
    expect(findForgedCase("token-in-query")!.kongCaveat).toMatch(/uri_param_names/);
  });

  it("time-dependent reasons carry the caveat that Kong skips exp/nbf unless configured", () => {
    for (const c of FORGED_CASES.filter((f) => /§1\.4 [ij] /.test(f.kongReason ?? ""))) {
      expect(c.kongCaveat, c.id).toMatch(/claims_to_verify|maximum_expiration/);
    }
  });
});
