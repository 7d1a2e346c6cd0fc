import { describe, expect, it } from "vitest";
import type { AuditFinding } from "./audit-types.ts";
import { renderAuditText } from "./audit-render.ts";

const finding = (over: Partial<AuditFinding>): AuditFinding => ({
  id: "jwt-exp-not-verified",
  severity: "high",
  title: "jwt does not verify exp: expired tokens are accepted",
  entity: "plugin jwt on route deploy",
  kongBehaviour: "kong.md §1.5: exp is never checked",
  demonstratedBy: ["expired", "exp-missing"],
  fix: "Set config.claims_to_verify: [exp, nbf].",
  ...over,
});

describe("renderAuditText", () => {
  it("prints severity, title, entity, Kong behaviour, fix and the demonstrating cases", () => {
    expect(renderAuditText([finding({})])).toBe(
      [
        "[HIGH] jwt does not verify exp: expired tokens are accepted (jwt-exp-not-verified)",
        "  entity:  plugin jwt on route deploy",
        "  kong:    kong.md §1.5: exp is never checked",
        "  fix:     Set config.claims_to_verify: [exp, nbf].",
        "  proof:   forged cases expired, exp-missing",
        "",
        "Kong config audit: 1 finding (1 high).",
        "",
      ].join("\n"),
    );
  });

  it("says when no forged case demonstrates a finding and counts severities most severe first", () => {
    const text = renderAuditText([
      finding({ severity: "critical" }),
      finding({ severity: "low", demonstratedBy: [] }),
      finding({ severity: "low" }),
    ]);
    expect(text).toContain("  proof:   no forged case demonstrates this; review the config\n");
    expect(text.endsWith("Kong config audit: 3 findings (1 critical, 2 low).\n")).toBe(true);
  });

  it("says so when there are no findings", () => {
    expect(renderAuditText([])).toBe("Kong config audit: no findings.\n");
  });
});
