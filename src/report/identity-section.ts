import type { ScenarioResult } from "./types.ts";

/** summary.md's identity section: the keys, the JWKS/discovery URLs of the run and a rotation, if any. */
export function renderIdentitySection(identity: ScenarioResult["identity"]): string[] {
  const lines = [
    "",
    "## Identity",
    "",
    `Tokens: \`iss\` ${identity.issuer}, kid \`${identity.kid.slice(0, 16)}…\`; swapped credentials: ${identity.swappedCredentials.map((k) => `\`${k}\``).join(", ") || "none"}.`,
  ];
  if (identity.jwksUrl)
    lines.push(
      `JWKS ${identity.jwksUrl} and OpenID discovery ${identity.discoveryUrl ?? "-"} (loopback, served during the run only).`,
    );
  if (identity.attackerJwksUrl)
    lines.push(
      `Attacker JWKS for jku/x5u/iss cases: ${identity.attackerJwksUrl} (any fetch from it fails the case).`,
    );
  const r = identity.rotation;
  if (r) {
    const when = r.skipped
      ? `not run: ${r.skipped}`
      : `rotated at ${((r.rotatedAtMs ?? 0) / 1000).toFixed(2)} s to kid \`${r.toKid.slice(0, 16)}…\`, ${r.error ? `config push FAILED (${r.error})` : `config pushed at ${((r.pushedAtMs ?? 0) / 1000).toFixed(2)} s`}`;
    lines.push(`Key rotation (planned ${r.plannedAtMs / 1000} s): ${when}.`);
  }
  return lines;
}
