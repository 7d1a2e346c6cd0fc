/** Public API of the identity stage: issuer, minting, decoding, JWKS server and forged-token catalogue. */
export type {
  BuildkiteJob,
  DescribedValue,
  Issuer,
  IssuerOptions,
  JwtDescriptor,
  MalformedTokenDescriptor,
  MintRequest,
  RotatingIssuer,
  TokenDescriptor,
} from "./types.ts";
export { createIssuer } from "./issuer.ts";
export { createRotatingIssuer } from "./rotating-issuer.ts";
export {
  BUILDKITE_ISSUER,
  DEFAULT_LIFETIME_SEC,
  MAX_LIFETIME_SEC,
  STANDARD_CLAIMS,
  buildClaims,
  defaultAudience,
  resolveLifetime,
  subjectFor,
  type ClaimsContext,
} from "./claims.ts";
export { decodeToken, describeToken, type UnverifiedToken } from "./decode.ts";
export { kidFor, publicJwk } from "./keys.ts";
export { verifyRsa, type HmacAlgorithm, type RsaAlgorithm } from "./jws.ts";
export {
  DISCOVERY_PATH,
  JWKS_PATH,
  startJwksServer,
  type JwksFetch,
  type JwksServer,
  type JwksServerOptions,
} from "./jwks-server.ts";
export { FORGED_CASES, findForgedCase } from "./forge/catalogue.ts";
export type { ForgeContext, ForgedCase, ForgedCaseClass, ForgedRequestParts } from "./forge/types.ts";
