import { randomUUID } from "node:crypto";
import { ShadowgateError } from "../errors.ts";
import { createIssuer } from "./issuer.ts";

/** What `shadowgate token mint` takes, as flags of `buildkite-agent oidc request-token` plus the job. */
export interface MintOptions {
  readonly organization: string;
  readonly pipeline: string;
  readonly branch?: string;
  readonly tag?: string;
  readonly commit?: string;
  readonly step?: string;
  readonly buildNumber?: number;
  readonly jobId?: string;
  readonly audience?: string;
  readonly lifetimeSec?: number;
  /** `NAME=VALUE` pairs; values that parse as JSON (numbers, true, null) keep their type. */
  readonly claims?: readonly string[];
  readonly issuer?: string;
  /** PEM private key to sign with; an ephemeral RSA-2048 key otherwise. */
  readonly privateKeyPem?: string;
}

export interface MintedToken {
  readonly token: string;
  readonly kid: string;
  /** The key a Kong jwt_secrets `rsa_public_key` needs to accept the token. */
  readonly publicKeyPem: string;
}

export function mintFromOptions(options: MintOptions): MintedToken {
  const issuer = createIssuer({
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(options.privateKeyPem ? { privateKey: options.privateKeyPem } : {}),
  });
  const token = issuer.mint({
    job: {
      organization: options.organization,
      pipeline: options.pipeline,
      buildNumber: options.buildNumber ?? 1,
      jobId: options.jobId ?? randomUUID(),
      stepKey: options.step ?? null,
      branch: options.branch ?? options.tag ?? "main",
      tag: options.tag ?? null,
      commit: options.commit ?? "0000000000000000000000000000000000000000",
    },
    ...(options.audience ? { audience: options.audience } : {}),
    ...(options.lifetimeSec === undefined ? {} : { lifetimeSec: options.lifetimeSec }),
    extraClaims: parseClaimPairs(options.claims ?? []),
  });
  return { token, kid: issuer.kid, publicKeyPem: issuer.publicKeyPem };
}

export function parseClaimPairs(pairs: readonly string[]): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new ShadowgateError(
        "SG_USAGE",
        `--claim ${pair}: expected NAME=VALUE, e.g. --claim queue_key=runners`,
      );
    const value = pair.slice(eq + 1);
    claims[pair.slice(0, eq)] = parseClaimValue(value);
  }
  return claims;
}

function parseClaimValue(value: string): unknown {
  if (/^(-?\d+(\.\d+)?|true|false|null)$/.test(value)) return JSON.parse(value) as unknown;
  return value;
}
