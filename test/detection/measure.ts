/**
 * Detection power, measured: plant each weakness, run the catalogue, and count a weakness as caught when a
 * case that passes on the gateway it was weakened from fails on the weakened one.
 */
import type { CheckResult } from "../../src/verdict/types.ts";
import { buildConfig, type Baseline } from "./configs.ts";
import { runCatalogue, type DetectionEnv } from "./harness.ts";
import { weakJwtPlugin } from "./weak-jwt.ts";
import { WEAKNESSES, type Weakness } from "./weaknesses.ts";

export interface WeaknessResult {
  readonly weakness: Weakness;
  readonly checks: readonly CheckResult[];
  /** Case ids that fail here and pass on the comparison gateway. */
  readonly caughtBy: readonly string[];
}

export interface DetectionReport {
  readonly hardened: Readonly<Record<Baseline, readonly CheckResult[]>>;
  readonly results: readonly WeaknessResult[];
}

const caseId = (check: CheckResult) => check.id.replace(/^forged\./, "");

export async function measureDetection(
  env: DetectionEnv,
  weaknesses: readonly Weakness[] = WEAKNESSES,
): Promise<DetectionReport> {
  const gatewayEnv = { upstreamUrl: env.upstream.url, publicKeyPem: env.trusted.publicKeyPem };
  const hardened = {
    iss: await runCatalogue(env, buildConfig("iss", gatewayEnv)),
    org: await runCatalogue(env, buildConfig("org", gatewayEnv)),
  };
  const byId = new Map<string, readonly CheckResult[]>();
  for (const w of weaknesses) {
    const overrides = w.flaws ? [weakJwtPlugin(w.flaws)] : [];
    byId.set(w.id, await runCatalogue(env, buildConfig(w.baseline, gatewayEnv, w.config), overrides));
  }
  const results = weaknesses.map((weakness) => {
    const checks = byId.get(weakness.id) ?? [];
    const reference =
      (weakness.comparedWith ? byId.get(weakness.comparedWith) : undefined) ?? hardened[weakness.baseline];
    const passedThere = new Set(reference.filter((c) => c.status === "pass").map((c) => c.id));
    const caughtBy = checks.filter((c) => c.status === "fail" && passedThere.has(c.id)).map(caseId);
    return { weakness, checks, caughtBy };
  });
  return { hardened, results };
}

export function failedCases(checks: readonly CheckResult[]): string[] {
  return checks.filter((c) => c.status === "fail").map(caseId);
}

/** The detection-rate table, plain text for a terminal or a closing note. */
export function renderDetectionTable(report: DetectionReport): string {
  const width = Math.max(...report.results.map((r) => r.weakness.id.length));
  const rows = report.results.map((r) => {
    const caught = r.caughtBy.length > 0 ? "yes" : "NO";
    const cases = r.caughtBy.length > 6 ? `${r.caughtBy.slice(0, 6).join(", ")}, …` : r.caughtBy.join(", ");
    return `${r.weakness.id.padEnd(width)}  ${r.weakness.kind.padEnd(9)}  ${caught.padEnd(6)}  ${String(r.caughtBy.length).padStart(2)}  ${cases}`;
  });
  const caught = report.results.filter((r) => r.caughtBy.length > 0).length;
  const total = report.results.length;
  const hardened = (Object.keys(report.hardened) as Baseline[]).map(
    (b) => `${b}: ${failedCases(report.hardened[b]).join(", ") || "none"}`,
  );
  return [
    `${"weakness".padEnd(width)}  kind       caught  n   cases that caught it`,
    ...rows,
    "",
    `detection rate: ${caught}/${total} planted weaknesses caught (${Math.round((100 * caught) / total)}%), catalogue of ${report.hardened.iss.length} cases`,
    `failing on the hardened gateways (not counted as catches): ${hardened.join("; ")}`,
  ].join("\n");
}
