/**
 * Base64url (RFC 4648 §5, no padding) written out here rather than borrowed from a JWT library:
 * forged cases need byte-exact control over every segment (RFC 7515 §2 "Base64url Encoding").
 */
import { ShadowgateError } from "../errors.ts";

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]*$/;

export function base64urlEncode(data: Uint8Array | string): string {
  return Buffer.from(typeof data === "string" ? Buffer.from(data, "utf8") : data).toString("base64url");
}

/** A JSON value as one compact-serialization segment (no whitespace, key order as given). */
export function encodeJsonSegment(value: unknown): string {
  return base64urlEncode(JSON.stringify(value));
}

/**
 * Strict decode: only the base64url alphabet, no padding, and no impossible length (4n+1).
 * Node's own decoder silently skips bad characters, which would hide exactly the malformations we test.
 */
export function base64urlDecode(segment: string, what: string): Buffer {
  if (!BASE64URL_SEGMENT.test(segment)) {
    throw new ShadowgateError(
      "SG_TOKEN_MALFORMED",
      `${what} contains characters outside the base64url alphabet`,
    );
  }
  if (segment.length % 4 === 1) {
    throw new ShadowgateError(
      "SG_TOKEN_MALFORMED",
      `${what} has an impossible base64url length (${segment.length})`,
    );
  }
  return Buffer.from(segment, "base64url");
}
