import type { CheckResult } from "../verdict/types.ts";

/**
 * Without an Admin API the harness cannot apply faults, so their checks are skipped with the reason shown:
 * never passed (a skipped check is not evidence), never failed (the config was not at fault).
 */
export function skipChecksNeedingAdmin(checks: readonly CheckResult[]): CheckResult[] {
  return checks.map((check) =>
    check.id.startsWith("fault.")
      ? {
          id: check.id,
          status: "skip",
          summary: "skipped: faults change the gateway config through the Admin API; run with --admin-url",
        }
      : check,
  );
}
