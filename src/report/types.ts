import type { BenchSeries } from "../bench/types.ts";
import type { FaultRecord } from "../faults/types.ts";
import type { AuditFinding } from "../kong/audit-types.ts";
import type { DiffSummary } from "../traffic/diff-tally.ts";
import type { TargetKind } from "../targets/types.ts";
import type { AccessCell } from "../verdict/access-matrix.ts";
import type { RotationRecord } from "../verdict/rotation-checks.ts";
import type { CheckResult, Verdict } from "../verdict/types.ts";

export const RESULT_SCHEMA_VERSION = 1;

export interface ForgedResult {
  readonly case: string;
  readonly description: string;
  readonly status: number;
  readonly accepted: boolean;
  readonly upstreamHit: boolean;
}

/** result.json for one scenario (DESIGN.md "Contracts"). No token or key ever appears in it. */
export interface ScenarioResult {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    readonly kongConfig: string;
    readonly capture: string;
  };
  readonly target: {
    readonly kind: TargetKind;
    readonly name: string;
    readonly version: string;
    /** What the target does not reproduce of real Kong (embedded gateway), shown so nobody over-trusts it. */
    readonly limitations?: string;
  };
  readonly verdict: Verdict;
  readonly exitCode: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly checks: readonly CheckResult[];
  readonly forged: readonly ForgedResult[];
  readonly traffic: {
    readonly sent: number;
    readonly byOutcome: Readonly<Record<string, number>>;
    readonly byStatus: Readonly<Record<string, number>>;
    readonly tokensMinted: number;
    /** Captured outcome vs shadow outcome per request, grouped by route prefix and pipeline. */
    readonly diff?: DiffSummary;
  };
  readonly faults: readonly FaultRecord[];
  readonly bench: readonly BenchSeries[];
  readonly identity: {
    readonly issuer: string;
    /** The kid the run started with (after identity.rotate, see `rotation.toKid`). */
    readonly kid: string;
    readonly swappedCredentials: readonly string[];
    /** The run's JWKS and OpenID discovery on 127.0.0.1, served during the run only (point an OIDC gateway here). */
    readonly jwksUrl?: string;
    readonly discoveryUrl?: string;
    /** The attacker's JWKS that jku/x5u/iss forged cases named; any fetch from it fails the case. */
    readonly attackerJwksUrl?: string;
    /** identity.rotate: the key switch, the config push and when they happened. */
    readonly rotation?: RotationRecord;
  };
  /** The access matrix: one cell per route × caller, when the scenario declares one. */
  readonly access?: readonly AccessCell[];
  /** Static findings on the Kong config (shadowgate audit), confirmed or not by the forged cases run. */
  readonly audit: readonly AuditFinding[];
  /** Why the run is incomplete or errored, when it is. */
  readonly error?: { readonly code: string; readonly message: string };
}
