import { Option, type Command } from "commander";
import type { ExitCode } from "../errors.ts";
import { SEVERITIES, type Severity } from "../kong/audit-types.ts";
import { printLine } from "./output.ts";

interface AuditFlags {
  failOn: Severity;
  json?: boolean;
  list?: boolean;
  restrictedRoute: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerAudit(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("audit")
    .description(
      "Static findings on a Kong config: what it lets in that it should not (exit 1 at --fail-on or worse)",
    )
    .argument("[kong.yml]", "Kong declarative config")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a finding is this severe or worse")
        .choices(SEVERITIES)
        .default("high"),
    )
    .option("--restricted-route <name>", "a route only some pipelines may call (repeatable)", collect, [])
    .option("--json", "findings as a JSON array")
    .option("--list", "list the audit rules instead")
    .action(async (file: string | undefined, flags: AuditFlags) => {
      const { AUDIT_RULES, auditKongConfig, severityAtLeast } = await import("../kong/audit.ts");
      if (flags.list) {
        for (const rule of AUDIT_RULES)
          printLine(`${rule.id.padEnd(48)} ${rule.severity.padEnd(8)} ${rule.description}`);
        return setExit(0);
      }
      if (file === undefined) {
        const { ShadowgateError } = await import("../errors.ts");
        throw new ShadowgateError("SG_USAGE", "audit needs a kong.yml (or --list)");
      }
      const { loadKongFile } = await import("../kong/load-file.ts");
      const { renderAuditText } = await import("../kong/audit-render.ts");
      const findings = auditKongConfig(loadKongFile(file), {
        restrictedRoutes: flags.restrictedRoute,
        source: file,
      });
      printLine(flags.json ? JSON.stringify(findings, null, 2) : renderAuditText(findings).trimEnd());
      setExit(findings.some((f) => severityAtLeast(f, flags.failOn)) ? 1 : 0);
    });
}
