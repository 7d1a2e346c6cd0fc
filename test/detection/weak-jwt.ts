/**
 * A deliberately weakened `jwt` plugin for the detection suite: Kong 3.9.3's check order (kong.md §1.4,
 * as src/gateway/plugins/jwt/handler.ts implements it) with one or more planted flaws, each a flaw real
 * JWT verifiers have shipped. Given no flaws it answers exactly like the real plugin (a test pins that).
 */
import { createHmac, verify, constants, type KeyObject } from "node:crypto";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../../src/gateway/types.ts";
import type { KongPlugin } from "../../src/kong/types.ts";
import { loadConsumer, setConsumer } from "../../src/gateway/plugins/consumer.ts";
import {
  decodeJwt,
  exceedsMaximumExpiration,
  verifyRegisteredClaims,
  verifySignature,
  type DecodedJwt,
} from "../../src/gateway/plugins/jwt/jwt-parser.ts";
import { retrieveTokens } from "../../src/gateway/plugins/jwt/retrieve-tokens.ts";
import { kidFor } from "../../src/identity/keys.ts";
import { decodeLenient, isNone } from "./weak-decode.ts";
import { embeddedCertificate, embeddedJwk, keyFromDiscovery, keyFromJku, keyFromX5u } from "./weak-keys.ts";

export interface JwtFlaws {
  /** Never verifies the signature. */
  readonly skipSignature?: true;
  /** alg "none" (any case) means an unsigned token is fine. */
  readonly acceptAlgNone?: true;
  /** Verifies with the token's RS/PS alg and the credential's key instead of pinning the credential's alg. */
  readonly algNotPinned?: true;
  /** HS* against an RSA credential, with rsa_public_key as the HMAC secret (CVE-2016-10555). */
  readonly keyConfusion?: true;
  /** kid read as a key file path; /dev/null gives an empty HMAC key (PortSwigger lab 6). */
  readonly kidAsKeyPath?: true;
  readonly ignoreExp?: true;
  readonly ignoreNbf?: true;
  readonly trustJwkHeader?: true;
  readonly followJku?: true;
  /** Fetches x5u, uses the certificate if there is one, else falls back to the credential's key. */
  readonly fetchX5u?: true;
  readonly trustX5c?: true;
  /** OIDC discovery on an unknown iss, trusting whatever keys it finds. */
  readonly issDiscovery?: true;
  /** A header naming the credential key's kid counts as verified: only the header is checked. */
  readonly headerOnly?: true;
  /** Several tokens: the first found (query, cookie, header order) wins instead of a 401. */
  readonly firstTokenWins?: true;
}

interface JwtConfig {
  readonly uri_param_names: readonly string[];
  readonly cookie_names: readonly string[];
  readonly header_names: readonly string[];
  readonly key_claim_name: string;
  readonly claims_to_verify?: readonly string[];
  readonly anonymous?: string;
  readonly maximum_expiration: number;
}

type Failure = { readonly body: Record<string, string>; readonly noToken?: true };
const fail = (message: string): Failure => ({ body: { message } });

const DIGEST: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

function hmacOk(jwt: DecodedJwt, alg: string, secret: string): boolean {
  const digest = DIGEST[alg.slice(2)];
  return (
    digest !== undefined && createHmac(digest, secret).update(jwt.signingInput).digest().equals(jwt.signature)
  );
}

function rsaOk(jwt: DecodedJwt, alg: string, key: KeyObject): boolean {
  const digest = DIGEST[alg.slice(2)];
  if (digest === undefined) return false;
  const pss = alg.startsWith("PS")
    ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : {};
  try {
    return verify(digest, Buffer.from(jwt.signingInput), { key, ...pss }, jwt.signature);
  } catch {
    return false;
  }
}

async function headerKey(jwt: DecodedJwt, flaws: JwtFlaws): Promise<KeyObject | undefined> {
  const h = jwt.header;
  if (flaws.trustJwkHeader && embeddedJwk(h)) return embeddedJwk(h);
  if (flaws.trustX5c && embeddedCertificate(h)) return embeddedCertificate(h);
  if (flaws.followJku && typeof h.jku === "string") return keyFromJku(h);
  if (flaws.fetchX5u && typeof h.x5u === "string") return keyFromX5u(h);
  return undefined;
}

async function authenticate(
  ctx: RequestContext,
  conf: JwtConfig,
  flaws: JwtFlaws,
): Promise<Failure | undefined> {
  let token = retrieveTokens(conf, {
    query: ctx.query,
    cookieHeader: ctx.headers.cookie,
    rawHeaders: ctx.rawHeaders,
  });
  if (token === undefined) return { body: { message: "Unauthorized" }, noToken: true };
  if (Array.isArray(token)) {
    if (!flaws.firstTokenWins) return fail("Multiple tokens provided");
    token = token[0];
  }
  if (typeof token !== "string") return fail("Unrecognizable token");
  const decoded = decodeJwt(token);
  let jwt: DecodedJwt;
  let unsigned = false;
  if ("jwt" in decoded) jwt = decoded.jwt;
  else {
    const lenient = flaws.acceptAlgNone && decoded.error === "invalid alg" ? decodeLenient(token) : undefined;
    if (!lenient || !isNone(lenient.header.alg)) return fail(`Bad token; ${decoded.error}`);
    jwt = lenient;
    unsigned = true;
  }
  const name = conf.key_claim_name;
  const keyValue = jwt.claims[name] ?? jwt.header[name];
  if (keyValue === undefined || keyValue === false) return fail(`No mandatory '${name}' in claims`);
  if (keyValue === "") return fail(`Invalid '${name}' in claims`);
  const keyString = typeof keyValue === "string" ? keyValue : JSON.stringify(keyValue);
  const alg = String(jwt.header.alg);
  const cred = ctx.snapshot.jwtByKey.get(keyString);
  if (!cred) {
    const discovered = flaws.issDiscovery ? await keyFromDiscovery(keyString, jwt.header.kid) : undefined;
    // A generic OIDC verifier maps any issuer it could verify to the default identity.
    const fallback = [...ctx.snapshot.jwtByKey.values()][0];
    if (!discovered || !fallback || !rsaOk(jwt, alg, discovered))
      return fail(`No credentials found for given '${name}'`);
    return finish(ctx, conf, flaws, jwt, fallback.secret);
  }
  const credKey = typeof cred.publicKey === "object" ? cred.publicKey : undefined;
  const pem = cred.secret.rsa_public_key ?? "";
  let verified: boolean | undefined;
  if (flaws.skipSignature || (unsigned && flaws.acceptAlgNone)) verified = true;
  else if (alg !== cred.secret.algorithm) {
    const kid = typeof jwt.header.kid === "string" ? jwt.header.kid : "";
    if (flaws.keyConfusion && alg.startsWith("HS") && pem) verified = hmacOk(jwt, alg, pem);
    else if (flaws.kidAsKeyPath && alg.startsWith("HS") && kid.endsWith("dev/null"))
      verified = hmacOk(jwt, alg, "");
    else if (flaws.algNotPinned && /^(RS|PS)/.test(alg) && credKey) verified = rsaOk(jwt, alg, credKey);
    else return fail("Invalid algorithm");
  } else if (flaws.headerOnly && credKey && jwt.header.kid === kidFor(credKey)) verified = true;
  else {
    const chosen = await headerKey(jwt, flaws);
    if (chosen) verified = rsaOk(jwt, alg, chosen);
    else if (cred.publicKey === undefined && !alg.startsWith("HS")) return fail("Invalid key/secret");
    else {
      const key = alg.startsWith("HS")
        ? { hmac: cred.secret.secret }
        : { publicKey: cred.publicKey ?? "invalid" };
      verified = verifySignature(jwt, cred.secret.algorithm, key);
    }
  }
  if (!verified) return fail("Invalid signature");
  return finish(ctx, conf, flaws, jwt, cred.secret);
}

function finish(
  ctx: RequestContext,
  conf: JwtConfig,
  flaws: JwtFlaws,
  jwt: DecodedJwt,
  secret: { readonly id: string; readonly key: string; readonly consumer: { readonly id: string } },
): Failure | undefined {
  const now = ctx.nowSeconds();
  const toVerify = (conf.claims_to_verify ?? []).filter(
    (c) => !(c === "exp" && flaws.ignoreExp) && !(c === "nbf" && flaws.ignoreNbf),
  );
  const errors = verifyRegisteredClaims(jwt.claims, toVerify, now);
  if (errors) return { body: errors };
  if (!flaws.ignoreExp && exceedsMaximumExpiration(jwt.claims, conf.maximum_expiration, now))
    return { body: { exp: "exceeds maximum allowed expiration" } };
  const consumer = ctx.snapshot.consumers.get(secret.consumer.id);
  if (!consumer) return fail(`Could not find consumer for '${conf.key_claim_name}=${secret.key}'`);
  setConsumer(ctx, consumer, { id: secret.id, identifier: secret.key });
  return undefined;
}

/** The weakened plugin: same name and priority as Kong's jwt, so `pluginOverrides` swaps it in. */
export function weakJwtPlugin(flaws: JwtFlaws): GatewayPlugin {
  return {
    name: "jwt",
    priority: 1450,
    async access(ctx: RequestContext, plugin: KongPlugin): Promise<PluginResponse | undefined> {
      const conf = plugin.config as unknown as JwtConfig;
      if (conf.anonymous !== undefined && ctx.credential !== undefined) return undefined;
      const failure = await authenticate(ctx, conf, flaws);
      if (!failure) return undefined;
      if (conf.anonymous !== undefined) {
        setConsumer(ctx, loadConsumer(ctx, conf.anonymous), undefined);
        return undefined;
      }
      const wwwAuthenticate = failure.noToken ? "Bearer" : 'Bearer error="invalid_token"';
      return {
        kind: "exit",
        status: 401,
        body: failure.body,
        headers: { "WWW-Authenticate": wwwAuthenticate },
      };
    },
  };
}
