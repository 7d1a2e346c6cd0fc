import type { Observation } from "../replay/types.ts";
import type { AccessSpec } from "../scenario/schema.ts";
import type { CheckResult } from "./types.ts";

export interface AccessCell {
  readonly route: string;
  readonly pipeline: string;
  readonly branch: string;
  readonly expected: "allow" | "deny";
  readonly sent: boolean;
  readonly status: number;
  readonly upstreamHit: boolean;
  readonly ok: boolean;
}

/** The exchange id of one matrix cell, so its observation is found without guessing. */
export function accessExchangeId(route: string, pipeline: string, branch: string): string {
  return `access:${route}:${pipeline}@${branch}`;
}

export function isAllowed(spec: AccessSpec["routes"][number], pipeline: string, branch: string): boolean {
  return spec.allow.some(
    (rule) => rule.pipeline === pipeline && (rule.branch === undefined || rule.branch === branch),
  );
}

/** Allowed callers must reach the upstream; denied ones must get 401/403 and never reach it. */
export function accessCells(spec: AccessSpec, observations: readonly Observation[]): AccessCell[] {
  const byId = new Map(observations.filter((o) => o.kind === "access").map((o) => [o.exchangeId, o]));
  return spec.routes.flatMap((route) =>
    spec.callers.map((caller) => {
      const obs = byId.get(accessExchangeId(route.route, caller.pipeline, caller.branch));
      const expected = isAllowed(route, caller.pipeline, caller.branch) ? "allow" : "deny";
      const status = obs?.status ?? 0;
      const upstreamHit = obs?.upstreamHit ?? false;
      const ok =
        obs !== undefined &&
        (expected === "allow"
          ? upstreamHit && status > 0 && status < 400
          : !upstreamHit && (status === 401 || status === 403));
      return {
        route: route.route,
        pipeline: caller.pipeline,
        branch: caller.branch,
        expected,
        sent: obs !== undefined,
        status,
        upstreamHit,
        ok,
      };
    }),
  );
}

export function accessChecks(cells: readonly AccessCell[]): CheckResult[] {
  return cells.map((cell) => {
    const id = `access.${cell.route}.${cell.pipeline}@${cell.branch}`;
    if (!cell.sent) return { id, status: "skip", summary: "not sent (run cut short)" };
    const got = cell.upstreamHit
      ? `reached the upstream (${cell.status})`
      : cell.status === 0
        ? "got no response"
        : `refused with ${cell.status}`;
    const want = cell.expected === "allow" ? "must reach the upstream" : "must be refused (401/403)";
    return {
      id,
      status: cell.ok ? "pass" : "fail",
      summary: `${cell.pipeline}@${cell.branch} on ${cell.route} ${want}: ${got}`,
    };
  });
}

/** Routes some declared caller may not call: the audit expects an acl on each of them. */
export function restrictedRoutes(spec: AccessSpec | undefined): string[] {
  if (!spec) return [];
  return spec.routes
    .filter((route) => spec.callers.some((caller) => !isAllowed(route, caller.pipeline, caller.branch)))
    .map((route) => route.route);
}
