/** One interface for every gateway the harness can drive; replay, faults and verdict never know which. */
export type TargetKind = "embedded" | "docker" | "url";

export interface GatewayIdentity {
  /** e.g. "kong" or "shadowgate-embedded (Kong 3.9.3 compatible)". */
  readonly name: string;
  readonly version: string;
}

export interface StartedTarget extends AsyncDisposable {
  readonly kind: TargetKind;
  readonly proxyUrl: string;
  /** Undefined when the target is read-only (no Admin API): checks that need it are skipped. */
  readonly adminUrl: string | undefined;
  readonly gateway: GatewayIdentity;
  /** What this target does not reproduce of real Kong; shown in reports (undefined for real Kong). */
  readonly limitations?: string;
  logs(): readonly string[];
  stop(): Promise<void>;
}

export interface TargetDefinition {
  readonly kind: TargetKind;
  /** Starts the gateway with this declarative config (a plain JS object, `_format_version: "3.0"`). */
  start(config: Record<string, unknown>): Promise<StartedTarget>;
}
