/** Reads plugin configs with Kong 3.9.3's defaults (kong.md §1.1, §3.2), so hand-built configs audit the same. */
import type { KongPlugin } from "./types.ts";

export interface JwtSettings {
  readonly claimsToVerify: readonly string[];
  readonly maximumExpiration: number;
  readonly uriParamNames: readonly string[];
  readonly cookieNames: readonly string[];
  readonly keyClaimName: string;
  readonly secretIsBase64: boolean;
}

function strings(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : fallback;
}

export function jwtSettings(plugin: KongPlugin): JwtSettings {
  const c = plugin.config;
  return {
    claimsToVerify: strings(c["claims_to_verify"], []),
    maximumExpiration: typeof c["maximum_expiration"] === "number" ? c["maximum_expiration"] : 0,
    uriParamNames: strings(c["uri_param_names"], ["jwt"]),
    cookieNames: strings(c["cookie_names"], []),
    keyClaimName: typeof c["key_claim_name"] === "string" ? c["key_claim_name"] : "iss",
    secretIsBase64: c["secret_is_base64"] === true,
  };
}

/** `anonymous` of an auth plugin (jwt, key-auth, basic-auth...), when set to a non-empty value. */
export function anonymousOf(plugin: KongPlugin): string | undefined {
  const value = plugin.config["anonymous"];
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function keyAuthReadsQuery(plugin: KongPlugin): boolean {
  return plugin.config["key_in_query"] !== false;
}
