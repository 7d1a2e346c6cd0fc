/**
 * No token or private key reaches a report, capture or log (DESIGN.md). Text that came back from a gateway
 * (body excerpts: request-termination's echo reflects request headers) is passed through this first.
 */
const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/-]+=*/gi;

export function redactSecrets(text: string): string {
  // Fast path for the common body (`{"ok":true}`, Kong's error messages): nothing any pattern could match.
  if (!text.includes("eyJ") && !text.includes("PRIVATE KEY") && !/bearer/i.test(text)) return text;
  return text
    .replace(PEM_PRIVATE, "[redacted private key]")
    .replace(JWT_SHAPED, "[redacted token]")
    .replace(BEARER, "$1[redacted]");
}

export function containsSecret(text: string): boolean {
  return redactSecrets(text) !== text;
}
