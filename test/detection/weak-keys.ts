/**
 * Where a weakened verifier finds its key when it trusts the token over its config: an embedded `jwk`, an
 * `x5c` certificate, a `jku`/`x5u` URL or OIDC discovery on `iss` (peers.md §4.3 #16-19, #25). The URLs
 * are fetched for real, so the harness's attacker server records them.
 */
import { createPublicKey, X509Certificate, type JsonWebKey, type KeyObject } from "node:crypto";

async function getJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

function jwkFrom(set: unknown, kid: unknown): KeyObject | undefined {
  const keys = (set as { keys?: Record<string, unknown>[] } | undefined)?.keys ?? [];
  const jwk = keys.find((k) => k.kid === kid) ?? keys[0];
  return jwk ? createPublicKey({ key: jwk, format: "jwk" }) : undefined;
}

export function embeddedJwk(header: Record<string, unknown>): KeyObject | undefined {
  const jwk = header.jwk;
  if (jwk === null || typeof jwk !== "object") return undefined;
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
  } catch {
    return undefined;
  }
}

export function embeddedCertificate(header: Record<string, unknown>): KeyObject | undefined {
  const chain = header.x5c;
  if (!Array.isArray(chain) || typeof chain[0] !== "string") return undefined;
  try {
    return new X509Certificate(Buffer.from(chain[0], "base64")).publicKey;
  } catch {
    return undefined;
  }
}

/** `jku`: the JWKS at the URL the token names, key chosen by the token's kid. */
export async function keyFromJku(header: Record<string, unknown>): Promise<KeyObject | undefined> {
  if (typeof header.jku !== "string") return undefined;
  try {
    return jwkFrom(await getJson(header.jku), header.kid);
  } catch {
    return undefined;
  }
}

/** `x5u`: a PEM certificate at the URL the token names (the attacker server answers 404). */
export async function keyFromX5u(header: Record<string, unknown>): Promise<KeyObject | undefined> {
  if (typeof header.x5u !== "string") return undefined;
  try {
    const res = await fetch(header.x5u, { signal: AbortSignal.timeout(2000) });
    return res.ok ? new X509Certificate(await res.text()).publicKey : undefined;
  } catch {
    return undefined;
  }
}

/** OIDC discovery on an unknown `iss`: `{iss}/.well-known/openid-configuration` → `jwks_uri` → key by kid. */
export async function keyFromDiscovery(iss: string, kid: unknown): Promise<KeyObject | undefined> {
  if (!/^https?:\/\//.test(iss)) return undefined;
  try {
    const doc = (await getJson(`${iss.replace(/\/$/, "")}/.well-known/openid-configuration`)) as {
      jwks_uri?: unknown;
    };
    return typeof doc.jwks_uri === "string" ? jwkFrom(await getJson(doc.jwks_uri), kid) : undefined;
  } catch {
    return undefined;
  }
}
