import { describe, expect, it } from "vitest";
import { containsSecret, redactSecrets } from "./redact.ts";

describe("redactSecrets", () => {
  it("removes JWTs, bearer credentials and private keys from gateway text", () => {
    const echoed = '{"headers":{"authorization":"Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln"}}';
    expect(redactSecrets(echoed)).not.toContain("eyJhbGciOiJSUzI1NiJ9");
    expect(redactSecrets("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----")).toBe(
      "[redacted private key]",
    );
    expect(redactSecrets("Authorization: Bearer abc.def")).toBe("Authorization: Bearer [redacted]");
  });

  it("leaves Kong's error bodies alone", () => {
    const body = '{"message":"Unauthorized"}';
    expect(containsSecret(body)).toBe(false);
    expect(redactSecrets(body)).toBe(body);
  });
});
