/**
 * The static Kong config audit's data: findings are plain values that renderers (terminal text, the run
 * report) turn into words, and that a run can confirm with the forged-token cases they name.
 */
export type Severity = "info" | "low" | "medium" | "high" | "critical";

/** Severities from least to most severe; the index is the rank. */
export const SEVERITIES: readonly Severity[] = ["info", "low", "medium", "high", "critical"];

export interface AuditFinding {
  /** Stable kebab-case rule id, e.g. "jwt-exp-not-verified". */
  readonly id: string;
  readonly severity: Severity;
  /** One line. */
  readonly title: string;
  /** Which plugin/route/credential, e.g. "plugin jwt on route deploy". */
  readonly entity: string;
  /** The Kong behaviour behind it, citing kong.md sections. */
  readonly kongBehaviour: string;
  /** Forged-case ids (src/identity/forge catalogue) whose run proves it; [] if none. */
  readonly demonstratedBy: readonly string[];
  /** What to change in kong.yml. */
  readonly fix: string;
}

export interface AuditOptions {
  /** Routes (names or ids) the scenario's access matrix restricts, when known. */
  readonly restrictedRoutes?: readonly string[];
  /** File name for SG_KONG_CONFIG_INVALID messages when a raw document is audited. */
  readonly source?: string;
}

/** A rule as listed by `--list` and in docs; `severity` is the most severe it reports. */
export interface AuditRule {
  readonly id: string;
  readonly severity: Severity;
  readonly description: string;
}
