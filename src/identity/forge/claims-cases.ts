/** Claims, time and token-location cases (peers.md §4.3 cases 26-32, 34). All but two are trusted-signed. */
import {
  bearer,
  claimsWith,
  REJECTED_401,
  REJECTED_401_OR_403,
  trustedToken,
  validClaims,
} from "./helpers.ts";
import { KONG_REASON, QUERY_TOKEN_CAVEAT, UNCHECKED_TIME_CAVEAT } from "./kong-reasons.ts";
import type { ForgeContext, ForgedCase } from "./types.ts";
import { derivedUuid } from "../uuid.ts";

/** A trusted-signed token whose claims differ from a valid one only by `changes`. */
function trustedCase(
  id: string,
  description: string,
  changes: (ctx: ForgeContext) => Record<string, unknown>,
  note: string,
  extra: Pick<ForgedCase, "kongReason" | "kongCaveat" | "reference">,
): ForgedCase {
  return {
    id,
    class: "claims",
    description,
    build: (ctx) => bearer(trustedToken(ctx, claimsWith(ctx, changes(ctx))), note),
    expect: REJECTED_401,
    ...extra,
  };
}

export const CLAIMS_CASES: readonly ForgedCase[] = [
  trustedCase(
    "expired",
    "Trusted-signed token that expired 10 minutes ago (iat now-900, exp now-600).",
    (ctx) => ({ iat: ctx.nowSec - 900, nbf: ctx.nowSec - 900, exp: ctx.nowSec - 600 }),
    "trusted token, exp 600 s in the past",
    { kongReason: KONG_REASON.expired, kongCaveat: UNCHECKED_TIME_CAVEAT, reference: "peers.md §4.3 #26" },
  ),
  trustedCase(
    "nbf-future",
    "Trusted-signed token not valid for another 10 minutes (iat = nbf = now+600).",
    (ctx) => ({ iat: ctx.nowSec + 600, nbf: ctx.nowSec + 600, exp: ctx.nowSec + 900 }),
    "trusted token, nbf 600 s in the future",
    {
      kongReason: KONG_REASON.notYetValid,
      kongCaveat: UNCHECKED_TIME_CAVEAT,
      reference: "peers.md §4.3 #27",
    },
  ),
  trustedCase(
    "exp-missing",
    "Trusted-signed token without exp.",
    () => ({ exp: undefined }),
    "trusted token, no exp claim",
    {
      kongReason: KONG_REASON.expNotNumber,
      kongCaveat: UNCHECKED_TIME_CAVEAT,
      reference: "peers.md §4.3 #28",
    },
  ),
  trustedCase(
    "exp-far-future",
    "Trusted-signed token valid for a year (as re-signed with a leaked key); Buildkite never issues more than 7200 s.",
    (ctx) => ({ exp: ctx.nowSec + 31_536_000 }),
    "trusted token, exp one year ahead",
    {
      kongReason: KONG_REASON.maximumExpiration,
      kongCaveat: "Kong accepts it unless maximum_expiration is set (0 = off, kong.md §1.1).",
      reference: "peers.md §4.3 #29",
    },
  ),
  trustedCase(
    "exp-string",
    'Trusted-signed token whose exp is a numeric string ("1767226200" style).',
    (ctx) => ({ exp: String(ctx.nowSec + 300) }),
    "trusted token, exp as a JSON string",
    {
      kongReason: KONG_REASON.expNotNumber,
      kongCaveat: UNCHECKED_TIME_CAVEAT,
      reference: "peers.md §4.3 #30",
    },
  ),
  trustedCase(
    "exp-null",
    "Trusted-signed token whose exp is JSON null.",
    () => ({ exp: null }),
    "trusted token, exp null",
    {
      kongReason: KONG_REASON.expNotNumber,
      kongCaveat: UNCHECKED_TIME_CAVEAT,
      reference: "peers.md §4.3 #30",
    },
  ),
  trustedCase(
    "iss-missing",
    "Trusted-signed token without iss.",
    () => ({ iss: undefined }),
    "trusted token, no iss claim",
    {
      kongReason: KONG_REASON.missingIss,
      reference: "peers.md §4.3 #31",
    },
  ),
  trustedCase(
    "iss-empty",
    "Trusted-signed token whose iss is the empty string.",
    () => ({ iss: "" }),
    'trusted token, iss ""',
    {
      kongReason: KONG_REASON.emptyIss,
      reference: "peers.md §4.3 #31",
    },
  ),
  {
    id: "iss-other-issuer",
    class: "claims",
    description:
      "iss swapped to another CI issuer (GitHub Actions) with a signature from the untrusted key (cross-consumer impersonation).",
    build: (ctx) =>
      bearer(
        ctx.untrusted.sign(
          { alg: "RS256", kid: ctx.untrusted.kid },
          { ...validClaims(ctx), iss: "https://token.actions.githubusercontent.com" },
        ),
        "iss https://token.actions.githubusercontent.com, RS256 by the untrusted key",
      ),
    expect: REJECTED_401,
    kongReason: `${KONG_REASON.unknownIss}; ${KONG_REASON.invalidSignature} if that iss has a credential`,
    reference: "peers.md §4.3 #32",
  },
  {
    id: "multiple-tokens",
    class: "claims",
    description:
      "Two different tokens at once: one signed by an untrusted key in Authorization, a genuine one for another job in ?jwt= (a verifier that picks one token silently authenticates an identity the header does not show).",
    build: (ctx) => {
      const other = trustedToken(
        ctx,
        validClaims(ctx, {
          job: { ...ctx.job, jobId: derivedUuid("other-job", ctx.job.jobId), stepKey: "deploy" },
        }),
      );
      const forged = ctx.untrusted.sign({ alg: "RS256", kid: ctx.trusted.kid }, validClaims(ctx));
      return {
        headers: { authorization: `Bearer ${forged}` },
        query: { jwt: other },
        note: "untrusted-signed token in Authorization plus a genuine token of another job (step deploy) in ?jwt=",
      };
    },
    expect: REJECTED_401_OR_403,
    // With uri_param_names [] Kong only sees the header token; with the default ["jwt"] it sees both.
    kongReason: `${KONG_REASON.invalidSignature}; with the default uri_param_names ["jwt"] ${KONG_REASON.multipleTokens}`,
    reference: "peers.md §4.3 #34",
  },
  {
    id: "token-in-query",
    class: "claims",
    description:
      "A genuine token sent only in the query string (?jwt=), where access logs, proxies and Referer headers keep it.",
    build: (ctx) => ({
      headers: {},
      query: { jwt: trustedToken(ctx, validClaims(ctx)) },
      note: "valid token in ?jwt=, no Authorization header",
    }),
    expect: REJECTED_401,
    kongReason: KONG_REASON.noToken,
    kongCaveat: QUERY_TOKEN_CAVEAT,
    reference: "peers.md §4.3 #34 (default uri_param_names); kong.md §1.3",
  },
];
