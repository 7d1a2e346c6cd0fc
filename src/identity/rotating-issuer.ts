/**
 * Key rotation: one `iss`, several keys. Minting uses the active key while the JWKS publishes every key
 * that is not retired, as an OIDC provider does during a rollover (verifiers pick the key by `kid`).
 */
import { ShadowgateError } from "../errors.ts";
import type { Issuer, RotatingIssuer } from "./types.ts";

export function createRotatingIssuer(keys: readonly Issuer[]): RotatingIssuer {
  const first = keys[0];
  if (first === undefined)
    throw new ShadowgateError("SG_INTERNAL", "createRotatingIssuer needs at least one issuer");
  const mismatch = keys.find((k) => k.issuer !== first.issuer);
  if (mismatch) {
    throw new ShadowgateError(
      "SG_INTERNAL",
      `every key of a rotating issuer must share one iss (got ${first.issuer} and ${mismatch.issuer})`,
    );
  }
  let active = 0;
  const retired = new Set<string>();
  const current = (): Issuer => keys[active] ?? first;

  return {
    keys,
    issuer: first.issuer,
    algorithm: "RS256",
    get kid() {
      return current().kid;
    },
    get publicKeyPem() {
      return current().publicKeyPem;
    },
    jwks: () => ({ keys: keys.filter((k) => !retired.has(k.kid)).flatMap((k) => k.jwks().keys) }),
    sign: (header, payload) => current().sign(header, payload),
    signRaw: (data, algorithm) => current().signRaw(data, algorithm),
    mint: (request) => current().mint(request),
    mintAsync: (request) => current().mintAsync(request),
    claimsFor: (request) => current().claimsFor(request),
    rotate() {
      active = (active + 1) % keys.length;
      retired.delete(current().kid); // a key rotated back into use is published again
      return current().kid;
    },
    retire(kid) {
      if (kid === current().kid) {
        throw new ShadowgateError(
          "SG_INTERNAL",
          `cannot retire the active signing key ${kid}; rotate() first`,
        );
      }
      retired.add(kid);
    },
  };
}
