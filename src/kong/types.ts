/**
 * Normalized Kong 3.x declarative config (kong.md §7.1): every entity flattened to a top-level list,
 * Kong defaults filled in, foreign keys resolved to `{ id }` like Kong's `flatten()` produces.
 */
export interface ForeignKey {
  readonly id: string;
}

export interface KongService {
  readonly id: string;
  readonly name?: string;
  readonly protocol: string;
  readonly host: string;
  readonly port: number;
  readonly path?: string;
  readonly connect_timeout: number;
  readonly read_timeout: number;
  readonly write_timeout: number;
  readonly retries: number;
  readonly enabled: boolean;
  readonly tls_verify?: boolean;
  readonly tags?: readonly string[];
}

export interface KongRoute {
  readonly id: string;
  readonly name?: string;
  readonly service?: ForeignKey;
  readonly protocols: readonly string[];
  readonly methods?: readonly string[];
  readonly hosts?: readonly string[];
  readonly paths?: readonly string[];
  readonly headers?: Readonly<Record<string, readonly string[]>>;
  readonly strip_path: boolean;
  readonly preserve_host: boolean;
  readonly regex_priority: number;
  readonly path_handling: "v0" | "v1";
  readonly https_redirect_status_code: number;
  readonly request_buffering: boolean;
  readonly response_buffering: boolean;
  readonly tags?: readonly string[];
}

export interface KongConsumer {
  readonly id: string;
  readonly username?: string;
  readonly custom_id?: string;
  readonly tags?: readonly string[];
}

export interface KongPlugin {
  readonly id: string;
  readonly name: string;
  readonly instance_name?: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly enabled: boolean;
  readonly protocols: readonly string[];
  readonly route?: ForeignKey;
  readonly service?: ForeignKey;
  readonly consumer?: ForeignKey;
  readonly tags?: readonly string[];
}

/** The jwt plugin's algorithms (kong.md §1.2 `algorithm`): one list for the schema and the verifier. */
export const JWT_ALGORITHMS = [
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "ES256",
  "ES384",
  "ES512",
  "PS256",
  "PS384",
  "PS512",
  "EdDSA",
] as const;

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface KongJwtSecret {
  readonly id: string;
  readonly consumer: ForeignKey;
  readonly key: string;
  readonly secret: string;
  readonly rsa_public_key?: string;
  readonly algorithm: JwtAlgorithm;
  readonly tags?: readonly string[];
}

export interface KongAcl {
  readonly id: string;
  readonly consumer: ForeignKey;
  readonly group: string;
  readonly tags?: readonly string[];
}

export interface KongKeyAuthCredential {
  readonly id: string;
  readonly consumer: ForeignKey;
  readonly key: string;
  readonly ttl?: number;
  readonly tags?: readonly string[];
}

export interface NormalizedConfig {
  readonly formatVersion: "3.0";
  readonly services: readonly KongService[];
  readonly routes: readonly KongRoute[];
  readonly consumers: readonly KongConsumer[];
  readonly plugins: readonly KongPlugin[];
  readonly jwt_secrets: readonly KongJwtSecret[];
  readonly acls: readonly KongAcl[];
  readonly keyauth_credentials: readonly KongKeyAuthCredential[];
  /** Kong's `configuration_hash` (GET /status): 32 hex, all zeros for an empty config. */
  readonly hash: string;
}

/** Kong's POST /config 400 body (kong.md §7.4). */
export interface KongDeclarativeErrorBody {
  readonly code: 14;
  readonly name: "invalid declarative configuration";
  readonly message: string;
  readonly fields: Record<string, unknown>;
  flattened_errors?: unknown[];
}
