/**
 * The harness's Buildkite-shaped OIDC issuer: RS256 tokens whose header and claims match what
 * `buildkite-agent oidc request-token` returns (buildkite.md §1.4-1.5).
 */
import { randomBytes } from "node:crypto";
import { systemClock } from "../clock.ts";
import { BUILDKITE_ISSUER, buildClaims } from "./claims.ts";
import { compactJws, signRsa, signRsaAsync, signingInput, type RsaAlgorithm } from "./jws.ts";
import { generateRsaKeyPair, kidFor, loadRsaPrivateKey, publicJwk, publicKeyPem } from "./keys.ts";
import type { Issuer, IssuerOptions, MintRequest } from "./types.ts";
import { derivedUuid, uuidV7 } from "./uuid.ts";

/**
 * Creates an issuer. Synchronous: when no key is given it generates an RSA-2048 pair on the spot
 * (tens to hundreds of milliseconds), so create issuers once, at start-up.
 *
 * @example
 * const issuer = createIssuer();
 * const token = issuer.mint({ job, lifetimeSec: 600 });
 * // Kong: jwt_secrets { key: issuer.issuer, algorithm: "RS256", rsa_public_key: issuer.publicKeyPem }
 */
export function createIssuer(options: IssuerOptions = {}): Issuer {
  const { privateKey, publicKey } =
    options.privateKey === undefined ? generateRsaKeyPair() : loadRsaPrivateKey(options.privateKey);
  const clock = options.clock ?? systemClock;
  const randomUUID = options.randomUUID ?? (() => uuidV7(clock.nowMs(), randomBytes(10)));
  const issuer = options.issuer ?? BUILDKITE_ISSUER;
  const kid = kidFor(publicKey);
  const jwk = publicJwk(publicKey, kid);

  const signRaw = (data: string | Uint8Array, algorithm: RsaAlgorithm = "RS256"): Buffer =>
    signRsa(privateKey, algorithm, data);
  const sign = (header: Record<string, unknown>, payload: Record<string, unknown>): string => {
    const input = signingInput(header, payload);
    return compactJws(input, signRaw(input));
  };
  const claimsFor = (request: MintRequest): Record<string, unknown> =>
    buildClaims(request, {
      issuer,
      nowSec: Math.floor(clock.nowMs() / 1000),
      jti: randomUUID(),
      defaultAgentId: derivedUuid("agent", request.job.jobId),
    });

  return {
    issuer,
    kid,
    algorithm: "RS256",
    publicKeyPem: publicKeyPem(publicKey),
    jwks: () => ({ keys: [{ ...jwk }] }),
    sign,
    signRaw,
    // Header exactly {"alg":"RS256","kid":…}: Buildkite sends no `typ` (buildkite.md §1.4).
    mint: (request) => sign({ alg: "RS256", kid }, claimsFor(request)),
    mintAsync: (request) => {
      const input = signingInput({ alg: "RS256", kid }, claimsFor(request));
      return signRsaAsync(privateKey, "RS256", input).then((signature) => compactJws(input, signature));
    },
    claimsFor,
  };
}
