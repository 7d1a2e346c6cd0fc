/** Decoding without Kong's alg check (kong.md §1.4 c'), for a weakened verifier that accepts alg "none". */
import { base64UrlDecode, type DecodedJwt } from "../../src/gateway/plugins/jwt/jwt-parser.ts";

export function isNone(alg: unknown): boolean {
  return typeof alg === "string" && alg.toLowerCase() === "none";
}

function jsonObject(segment: string | undefined): Record<string, unknown> | undefined {
  const bytes = segment === undefined ? undefined : base64UrlDecode(segment);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function decodeLenient(token: string): DecodedJwt | undefined {
  const [h, p, ...rest] = token.split(".");
  const header = jsonObject(h);
  const claims = jsonObject(p);
  const signature = base64UrlDecode(rest.join("."));
  if (!header || !claims || rest.length === 0 || !signature) return undefined;
  return { header, claims, signingInput: `${h}.${p}`, signature };
}
