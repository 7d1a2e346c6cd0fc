/**
 * A minimal self-signed X.509 v3 certificate (RFC 5280 §4.1) for the `x5c` forged case. node:crypto can
 * read certificates but not create them, and the case only needs one real, parseable attacker certificate,
 * so a few DER encoders are enough. Signature algorithm: sha256WithRSAEncryption.
 */
const TAG = {
  integer: 0x02,
  bitString: 0x03,
  null: 0x05,
  oid: 0x06,
  utf8: 0x0c,
  utcTime: 0x17,
  sequence: 0x30,
  set: 0x31,
};

/** Pre-encoded OID contents: 1.2.840.113549.1.1.11 (sha256WithRSAEncryption) and 2.5.4.3 (commonName). */
const OID_SHA256_WITH_RSA = Buffer.from("2a864886f70d01010b", "hex");
const OID_COMMON_NAME = Buffer.from("550403", "hex");

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

const sequence = (...items: Uint8Array[]): Buffer => tlv(TAG.sequence, Buffer.concat(items));

function positiveInteger(value: Uint8Array): Buffer {
  // DER INTEGER is two's complement: a leading 0x00 keeps a high-bit value positive.
  const needsPad = value.length === 0 || (value[0]! & 0x80) !== 0;
  return tlv(TAG.integer, needsPad ? Buffer.concat([Buffer.from([0]), value]) : Buffer.from(value));
}

function utcTime(unixSec: number): Buffer {
  // UTCTime YYMMDDHHMMSSZ, valid for 1950-2049 (RFC 5280 §4.1.2.5.1).
  const iso = new Date(unixSec * 1000).toISOString();
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(TAG.utcTime, Buffer.from(text, "ascii"));
}

function name(commonName: string): Buffer {
  const attribute = sequence(tlv(TAG.oid, OID_COMMON_NAME), tlv(TAG.utf8, Buffer.from(commonName, "utf8")));
  return sequence(tlv(TAG.set, attribute));
}

export interface SelfSignedCertificateInput {
  readonly commonName: string;
  /** The subject public key as SPKI DER. */
  readonly spkiDer: Uint8Array;
  readonly notBeforeSec: number;
  readonly notAfterSec: number;
  readonly serial: Uint8Array;
  /** RS256 over the TBSCertificate DER, with the private key matching `spkiDer`. */
  readonly signRs256: (tbs: Uint8Array) => Uint8Array;
}

/** DER bytes of a self-signed certificate (issuer = subject). */
export function selfSignedCertificate(input: SelfSignedCertificateInput): Buffer {
  const algorithm = sequence(tlv(TAG.oid, OID_SHA256_WITH_RSA), tlv(TAG.null, new Uint8Array(0)));
  const subject = name(input.commonName);
  const tbs = sequence(
    tlv(0xa0, positiveInteger(Buffer.from([2]))), // [0] EXPLICIT version v3
    positiveInteger(input.serial),
    algorithm,
    subject,
    sequence(utcTime(input.notBeforeSec), utcTime(input.notAfterSec)),
    subject,
    Buffer.from(input.spkiDer),
  );
  const signature = tlv(TAG.bitString, Buffer.concat([Buffer.from([0]), input.signRs256(tbs)]));
  return sequence(tbs, algorithm, signature);
}
