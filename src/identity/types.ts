import type { KeyObject } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { RsaAlgorithm } from "./jws.ts";

/**
 * A Buildkite job as the OIDC token describes it (reference/buildkite.md §1.5).
 * Captures carry this (never the token itself); the issuer mints a fresh token from it.
 */
export interface BuildkiteJob {
  readonly organization: string;
  readonly pipeline: string;
  readonly buildNumber: number;
  readonly jobId: string;
  /** The step's `key`; null when the step has none (the `sub` then ends in `:step:`). */
  readonly stepKey: string | null;
  readonly branch: string;
  /** Set when the build is for a tag; `sub` then uses `refs/tags/{tag}`. */
  readonly tag: string | null;
  readonly commit: string;
  readonly agentId?: string;
  readonly buildSource?: "ui" | "api" | "webhook" | "trigger_job" | "schedule";
  readonly runnerEnvironment?: "buildkite-hosted" | "self-hosted";
}

/** What a token request asks for, as `buildkite-agent oidc request-token` flags do. */
export interface MintRequest {
  readonly job: BuildkiteJob;
  /** `--audience`; default `https://buildkite.com/{org}`. */
  readonly audience?: string;
  /** `--lifetime` in seconds; default 300, at most 7200. */
  readonly lifetimeSec?: number;
  /** Optional claims (`organization_id`, `agent_tag:queue`, ...) with their values. */
  readonly extraClaims?: Readonly<Record<string, unknown>>;
  /** Issue time in Unix seconds (iat = nbf). Defaults to the issuer clock. */
  readonly issuedAtSec?: number;
}

/** The harness's signing identity. The private key never leaves this object. */
export interface Issuer {
  /** `iss` claim, https://agent.buildkite.com unless a shadow issuer is configured. */
  readonly issuer: string;
  readonly kid: string;
  readonly algorithm: "RS256";
  /** SPKI PEM, what a Kong jwt_secrets `rsa_public_key` holds. */
  readonly publicKeyPem: string;
  /** JWKS document (`{keys:[...]}`) with the public key. */
  jwks(): { keys: Record<string, unknown>[] };
  /**
   * Signs any header/payload with this issuer's key (for forged cases that need the trusted key).
   * The header is serialized exactly as given (nothing added); the signature is always RS256.
   */
  sign(header: Record<string, unknown>, payload: Record<string, unknown>): string;
  /**
   * Raw signature bytes over arbitrary data (a JWS signing input, an X.509 TBSCertificate) with this key.
   * For forged cases that need byte control or another RSA algorithm (RS512, PS256). Default RS256.
   */
  signRaw(data: string | Uint8Array, algorithm?: RsaAlgorithm): Buffer;
  /** A Buildkite-shaped token for the job. */
  mint(request: MintRequest): string;
  /** The same token as `mint` gives, signed off the event loop (libuv's thread pool). */
  mintAsync(request: MintRequest): Promise<string>;
  /** The claims `mint` would put in the token, without signing (pure; for tests and reports). */
  claimsFor(request: MintRequest): Record<string, unknown>;
}

/** What `createIssuer` accepts. Every field is optional; absent ones get Buildkite's defaults. */
export interface IssuerOptions {
  /** `iss` value; default https://agent.buildkite.com. */
  readonly issuer?: string | undefined;
  /** RSA private key (KeyObject or PEM). A fresh RSA-2048 pair is generated when absent. */
  readonly privateKey?: KeyObject | string | undefined;
  /** Issue time source (iat/nbf/exp and the UUIDv7 `jti` timestamp). Default: the system clock. */
  readonly clock?: Clock | undefined;
  /** `jti` source. Default: UUIDv7 from the clock and crypto randomness. */
  readonly randomUUID?: (() => string) | undefined;
}

/** An issuer with several keys: mints with the active one, its JWKS publishes all (key rotation). */
export interface RotatingIssuer extends Issuer {
  /** Every key's issuer, in rotation order. */
  readonly keys: readonly Issuer[];
  /** Switches minting to the next key (cyclic) and returns its kid. JWKS keeps serving every non-retired key. */
  rotate(): string;
  /** Removes a key from the JWKS (a revoked/rotated-out key). The active key cannot be retired. */
  retire(kid: string): void;
}

/** A value safe to keep in a report: primitives as is, anything else as compact JSON (truncated). */
export type DescribedValue = string | number | boolean | null;

/**
 * What a report may store about a token: never the raw token and never the signature.
 * Every field is read without verification.
 */
export type TokenDescriptor = JwtDescriptor | MalformedTokenDescriptor;

export interface JwtDescriptor {
  readonly kind: "jwt";
  readonly alg?: DescribedValue;
  readonly kid?: DescribedValue;
  /** Names of every header member, e.g. ["alg","kid","jku"]: shows injected key-selection headers. */
  readonly headerParams: readonly string[];
  readonly iss?: DescribedValue;
  readonly sub?: DescribedValue;
  readonly aud?: DescribedValue;
  readonly iat?: DescribedValue;
  readonly nbf?: DescribedValue;
  readonly exp?: DescribedValue;
  readonly jti?: DescribedValue;
  readonly jobId?: DescribedValue;
  readonly organization?: DescribedValue;
  readonly pipeline?: DescribedValue;
  readonly stepKey?: DescribedValue;
  readonly buildNumber?: DescribedValue;
  /** exp - iat when both are numbers. */
  readonly lifetimeSec?: number;
  /** Length in bytes only (0 = unsigned), never the bytes. */
  readonly signatureLength: number;
}

export interface MalformedTokenDescriptor {
  readonly kind: "malformed";
  /** Why it does not decode, without token content. */
  readonly reason: string;
  readonly segments: number;
  readonly length: number;
}
