/**
 * The one error registry. Every failure the user can see has a stable code, an exit code
 * (DESIGN.md: 2 bad input, 3 infrastructure, 4 incomplete) and a hint that says what to fix.
 * Codes are never renamed or reused; docs/errors.md documents each (a test keeps them in sync).
 */
export type ExitCode = 0 | 1 | 2 | 3 | 4;

export const EXIT = { ready: 0, notReady: 1, badInput: 2, infrastructure: 3, incomplete: 4 } as const;

interface ErrorSpec {
  readonly exitCode: ExitCode;
  readonly title: string;
  readonly hint: string;
}

export const ERROR_CODES = {
  SG_USAGE: { exitCode: 2, title: "Invalid command line", hint: "Run `shadowgate <command> --help`." },
  SG_FILE_NOT_FOUND: {
    exitCode: 2,
    title: "File not found",
    hint: "Check the path; relative paths in a scenario are resolved from the scenario's folder.",
  },
  SG_YAML_SYNTAX: { exitCode: 2, title: "YAML syntax error", hint: "Fix the YAML at the position shown." },
  SG_SCENARIO_INVALID: {
    exitCode: 2,
    title: "Invalid scenario",
    hint: "Fix the field named at file:line:column; `shadowgate schema` prints the full format.",
  },
  SG_KONG_CONFIG_INVALID: {
    exitCode: 2,
    title: "Invalid Kong declarative config",
    hint: "Kong would refuse this file too; fix the entity and field named (Kong's POST /config error format).",
  },
  SG_CAPTURE_INVALID: {
    exitCode: 2,
    title: "Invalid capture record",
    hint: "Fix or remove the line shown; each line must be one capture record (docs/capture.md).",
  },
  SG_TOKEN_REQUEST_INVALID: {
    exitCode: 2,
    title: "Token cannot be minted as asked",
    hint: "Buildkite refuses lifetimes above 7200 s and negative lifetimes; adjust the identity settings.",
  },
  SG_TOKEN_MALFORMED: {
    exitCode: 2,
    title: "Malformed token",
    hint: "A JWT is three base64url segments, header.payload.signature, whose header and payload are JSON objects.",
  },
  SG_TARGET_START_FAILED: {
    exitCode: 3,
    title: "Gateway target failed to start",
    hint: "Check that the listen addresses are free and the target is reachable; the cause is shown below.",
  },
  SG_TARGET_UNREACHABLE: {
    exitCode: 3,
    title: "Gateway target became unreachable",
    hint: "Check that the gateway is running and reachable at the URL shown.",
  },
  SG_ADMIN_API_FAILED: {
    exitCode: 3,
    title: "Kong Admin API call failed",
    hint: "Check --admin-url and that the gateway runs in DB-less mode; the Admin API's answer is shown.",
  },
  SG_TARGET_UNSUPPORTED_CONFIG: {
    exitCode: 3,
    title: "Config uses what the embedded gateway does not emulate",
    hint: "The embedded gateway refuses rather than ignores what it cannot emulate: use --target docker (real Kong), or remove the plugin or feature named (`shadowgate gateway --help` lists what is emulated).",
  },
  SG_UPSTREAM_START_FAILED: {
    exitCode: 3,
    title: "Mock upstream failed to start",
    hint: "A loopback port could not be opened; check for port exhaustion or a sandbox that blocks listening.",
  },
  SG_NO_CONTAINER_RUNTIME: {
    exitCode: 3,
    title: "No container runtime for --target docker",
    hint: "Start Docker (or Podman), set DOCKER_HOST (e.g. unix:///run/user/1000/docker.sock) or mount a socket at /var/run/docker.sock; or run with --target embedded.",
  },
  SG_RESTORE_PENDING: {
    exitCode: 3,
    title: "A gateway's config was not restored by an earlier run",
    hint: "Run `shadowgate restore` (it pushes the saved original config back), then run again.",
  },
  SG_RUN_INTERRUPTED: {
    exitCode: 4,
    title: "Run interrupted",
    hint: "The run was cut short (signal or abort); results so far are reported as incomplete.",
  },
  SG_INTERNAL: {
    exitCode: 4,
    title: "Internal error",
    hint: "This is a shadowgate bug; the run is reported incomplete. Please report it with the stack trace.",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A position in an input file, for "file:line:column" messages. Lines and columns are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export function formatLocation(loc: SourceLocation): string {
  if (loc.line === undefined) return loc.file;
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}

export class ShadowgateError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly hint: string;
  readonly location: SourceLocation | undefined;
  /** Extra structured data (e.g. Kong's `fields` object) for callers that render it. */
  readonly details: unknown;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { cause?: unknown; location?: SourceLocation; details?: unknown } = {},
  ) {
    const spec = ERROR_CODES[code];
    const where = options.location ? `${formatLocation(options.location)}: ` : "";
    super(`${where}${detail}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ShadowgateError";
    this.code = code;
    this.exitCode = spec.exitCode;
    this.hint = spec.hint;
    this.location = options.location;
    this.details = options.details;
  }
}

/** Branch on codes, not classes (undici's advice): works across module copies too. */
export function isShadowgateError(value: unknown, code?: ErrorCode): value is ShadowgateError {
  if (!(value instanceof Error) || !("code" in value) || !("exitCode" in value)) return false;
  return code === undefined || (value as ShadowgateError).code === code;
}

/** Any thrown value as a ShadowgateError; unknown errors become SG_INTERNAL (never "ready"). */
export function toShadowgateError(value: unknown): ShadowgateError {
  if (isShadowgateError(value)) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new ShadowgateError("SG_INTERNAL", message, { cause: value });
}
