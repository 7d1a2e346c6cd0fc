import { X509Certificate, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "./x509.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

describe("selfSignedCertificate", () => {
  it("builds a DER certificate node:crypto parses and verifies with the subject key", () => {
    const der = selfSignedCertificate({
      commonName: "agent.buildkite.com",
      spkiDer: publicKey.export({ type: "spki", format: "der" }),
      notBeforeSec: 1_767_225_600,
      notAfterSec: 1_767_225_600 + 86_400,
      serial: Buffer.from("80ff", "hex"),
      signRs256: (tbs) => sign("sha256", tbs, privateKey),
    });
    const cert = new X509Certificate(der);
    expect(cert.subject).toBe("CN=agent.buildkite.com");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.serialNumber).toBe("80FF");
    expect(new Date(cert.validFrom).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(cert.verify(publicKey)).toBe(true);
    expect(cert.publicKey.export({ type: "spki", format: "pem" })).toBe(
      publicKey.export({ type: "spki", format: "pem" }),
    );
  });
});
