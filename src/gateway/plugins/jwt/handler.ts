/**
 * The `jwt` plugin of Kong 3.9.3 (kong/plugins/jwt/handler.lua), check for check in the order of
 * kong.md §1.4, with 3.9.x WWW-Authenticate values (§1.6).
 */
import type { JwtAlgorithm, KongPlugin } from "../../../kong/types.ts";
import type { GatewayPlugin, PluginResponse, RequestContext } from "../../types.ts";
import { authAccess, setConsumer } from "../consumer.ts";
import {
  base64UrlDecode,
  decodeJwt,
  exceedsMaximumExpiration,
  verifyRegisteredClaims,
  verifySignature,
  type VerificationKey,
} from "./jwt-parser.ts";
import { retrieveTokens } from "./retrieve-tokens.ts";

interface JwtConfig {
  readonly uri_param_names: readonly string[];
  readonly cookie_names: readonly string[];
  readonly header_names: readonly string[];
  readonly key_claim_name: string;
  readonly secret_is_base64: boolean;
  readonly claims_to_verify?: readonly string[];
  readonly anonymous?: string;
  readonly run_on_preflight: boolean;
  readonly maximum_expiration: number;
  readonly realm?: string;
}

type AuthFailure = { status: 401; body: unknown; headers?: Record<string, string> };

function authenticate(ctx: RequestContext, conf: JwtConfig): AuthFailure | undefined {
  const token = retrieveTokens(conf, {
    query: ctx.query,
    cookieHeader: ctx.headers.cookie,
    rawHeaders: ctx.rawHeaders,
  });
  const base = conf.realm === undefined ? "Bearer" : `Bearer realm="${conf.realm}"`;
  // 3.9.x joins realm and error with a space, no comma (kong.md §1.6).
  const withError = { "WWW-Authenticate": `${base} error="invalid_token"` };
  const fail = (message: string): AuthFailure => ({ status: 401, body: { message }, headers: withError });

  if (token === undefined)
    return { status: 401, body: { message: "Unauthorized" }, headers: { "WWW-Authenticate": base } };
  if (Array.isArray(token)) return fail("Multiple tokens provided");
  if (typeof token !== "string") return fail("Unrecognizable token");

  const decoded = decodeJwt(token);
  if ("error" in decoded) return fail(`Bad token; ${decoded.error}`);
  const { jwt } = decoded;
  const claimName = conf.key_claim_name;
  const keyValue = jwt.claims[claimName] ?? jwt.header[claimName];
  if (keyValue === undefined || keyValue === false) return fail(`No mandatory '${claimName}' in claims`);
  if (keyValue === "") return fail(`Invalid '${claimName}' in claims`);

  const keyString = typeof keyValue === "string" ? keyValue : JSON.stringify(keyValue);
  const cred = ctx.snapshot.jwtByKey.get(keyString);
  if (!cred) return fail(`No credentials found for given '${claimName}'`);
  const algorithm: JwtAlgorithm = cred.secret.algorithm;
  if (jwt.header["alg"] !== algorithm) return fail("Invalid algorithm");

  let key: VerificationKey | undefined;
  if (algorithm.startsWith("HS")) {
    const secret = conf.secret_is_base64 ? base64UrlDecode(cred.secret.secret) : cred.secret.secret;
    key = secret === undefined ? undefined : { hmac: secret };
  } else if (cred.publicKey !== undefined) {
    key = { publicKey: cred.publicKey };
  }
  if (key === undefined) return fail("Invalid key/secret");
  if (!verifySignature(jwt, algorithm, key)) return fail("Invalid signature");

  const now = ctx.nowSeconds();
  const claimErrors = verifyRegisteredClaims(jwt.claims, conf.claims_to_verify, now);
  if (claimErrors) return { status: 401, body: claimErrors, headers: withError };
  if (exceedsMaximumExpiration(jwt.claims, conf.maximum_expiration, now))
    return { status: 401, body: { exp: "exceeds maximum allowed expiration" }, headers: withError };

  const consumer = ctx.snapshot.consumers.get(cred.secret.consumer.id);
  if (!consumer)
    return {
      status: 401,
      body: { message: `Could not find consumer for '${claimName}=${keyString}'` },
    };
  setConsumer(ctx, consumer, { id: cred.secret.id, identifier: cred.secret.key });
  ctx.shared["authenticated_jwt_token"] = token;
  return undefined;
}

export const jwtPlugin: GatewayPlugin = {
  name: "jwt",
  priority: 1450,
  access(ctx: RequestContext, plugin: KongPlugin): PluginResponse | undefined {
    const conf = plugin.config as unknown as JwtConfig;
    return authAccess(ctx, conf, () => {
      const failure = authenticate(ctx, conf);
      if (!failure) return undefined;
      return {
        kind: "exit",
        status: failure.status,
        body: failure.body,
        ...(failure.headers ? { headers: failure.headers } : {}),
      };
    });
  },
};
