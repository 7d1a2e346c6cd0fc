/** Rules on jwt/key-auth plugin configs and jwt credentials (kong.md §1.1-§1.5, §3.2). */
import { finding, RULES } from "./audit-catalogue.ts";
import { runsOnHttp, type AuditModel } from "./audit-model.ts";
import { jwtSettings, keyAuthReadsQuery } from "./audit-plugin-config.ts";
import type { AuditFinding } from "./audit-types.ts";
import type { KongJwtSecret, KongPlugin } from "./types.ts";

/** Buildkite refuses lifetimes above this (buildkite.md §1.3). */
export const BUILDKITE_MAX_LIFETIME_SEC = 7200;

function runningPlugins(model: AuditModel, name: string): KongPlugin[] {
  return model.config.plugins.filter((p) => p.name === name && runsOnHttp(p));
}

export function jwtConfigFindings(model: AuditModel): AuditFinding[] {
  return runningPlugins(model, "jwt").flatMap((plugin) => {
    const entity = model.describePlugin(plugin);
    const jwt = jwtSettings(plugin);
    const out: AuditFinding[] = [];
    if (!jwt.claimsToVerify.includes("exp")) out.push(finding(RULES.jwtExpNotVerified, entity));
    if (!jwt.claimsToVerify.includes("nbf")) out.push(finding(RULES.jwtNbfNotVerified, entity));
    if (jwt.maximumExpiration <= 0) out.push(finding(RULES.jwtNoMaximumExpiration, entity));
    else if (jwt.maximumExpiration > BUILDKITE_MAX_LIFETIME_SEC)
      out.push(aboveBuildkiteMax(jwt.maximumExpiration, entity));
    if (jwt.uriParamNames.length > 0) {
      const params = jwt.uriParamNames.map((n) => `?${n}=`).join(", ");
      out.push(
        finding(RULES.jwtTokenInQuery, entity, {
          title: `jwt accepts tokens in the query string (${params})`,
        }),
      );
    }
    if (jwt.cookieNames.length > 0) {
      const title = `jwt accepts tokens in cookies (${jwt.cookieNames.join(", ")})`;
      out.push(finding(RULES.jwtTokenInCookie, entity, { title }));
    }
    return out;
  });
}

/** Which lifetime cases still get through: exp - now must exceed maximum_expiration to be refused. */
function aboveBuildkiteMax(max: number, entity: string): AuditFinding {
  const demonstratedBy = [
    ...(max >= 31_536_000 ? ["exp-far-future"] : []), // a year ahead
    ...(max >= 14_400 ? ["lifetime-above-buildkite-max"] : []),
  ];
  const title = `jwt maximum_expiration ${max} s is above Buildkite's ${BUILDKITE_MAX_LIFETIME_SEC} s lifetime cap`;
  return finding(RULES.jwtMaximumExpirationAboveBuildkite, entity, { title, demonstratedBy });
}

export function keyAuthConfigFindings(model: AuditModel): AuditFinding[] {
  return runningPlugins(model, "key-auth")
    .filter(keyAuthReadsQuery)
    .map((plugin) => finding(RULES.keyAuthKeyInQuery, model.describePlugin(plugin)));
}

/** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
const MIN_SECRET_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

/** Secrets the forged catalogue signs with (hs256-empty-secret, hs256-weak-secret). */
const CATALOGUE_SECRETS: ReadonlyMap<string, string> = new Map([
  ["", "hs256-empty-secret"],
  ["secret", "hs256-weak-secret"],
]);

export function jwtSecretFindings(model: AuditModel): AuditFinding[] {
  const jwtPlugins = runningPlugins(model, "jwt");
  // kong.md §1.4 g: secret_is_base64 is plugin config; the key is decoded only if every jwt plugin says so.
  const decoded = jwtPlugins.length > 0 && jwtPlugins.every((p) => jwtSettings(p).secretIsBase64);
  return model.config.jwt_secrets.flatMap((credential) => {
    const min = MIN_SECRET_BYTES[credential.algorithm];
    if (min === undefined) return [];
    const bytes = secretBytes(credential.secret, decoded);
    if (bytes >= min) return [];
    const demonstrated = CATALOGUE_SECRETS.get(credential.secret);
    return [
      finding(RULES.jwtHsSecretShort, describeCredential(model, credential), {
        title: `jwt ${credential.algorithm} secret is ${bytes} bytes, below the ${min} bytes its hash needs`,
        demonstratedBy: demonstrated === undefined ? [] : [demonstrated],
      }),
    ];
  });
}

function secretBytes(secret: string, base64: boolean): number {
  return base64 ? Buffer.from(secret, "base64url").length : Buffer.byteLength(secret, "utf8");
}

export function describeCredential(model: AuditModel, credential: KongJwtSecret): string {
  const owner = model.config.consumers.find((c) => c.id === credential.consumer.id);
  const name = owner?.username ?? owner?.custom_id ?? credential.consumer.id;
  return `jwt_secrets credential ${credential.key} (${credential.algorithm}) of consumer ${name}`;
}
