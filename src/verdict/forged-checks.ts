import type { Observation } from "../replay/types.ts";
import type { CheckResult } from "./types.ts";

export interface ForgedExpectation {
  readonly id: string;
  readonly description: string;
  readonly statuses: readonly number[];
  /** Why Kong OSS accepts the token by design unless configured; shown when the case fails. */
  readonly kongCaveat?: string;
  /**
   * Requests the attacker's server received while this case was in flight ("GET http://…/jwks → 200").
   * Any fetch fails the case whatever the status: a gateway that fetches URLs from a token is an SSRF
   * vector and trusts keys it should never see (peers.md §4.3 #17, #18, #25).
   */
  readonly attackerFetches?: readonly string[];
}

/** The fields of a forged-token catalogue case (identity/forge) that judging needs. */
interface ForgedCaseSpec {
  readonly id: string;
  readonly description: string;
  readonly expect: { readonly statuses: readonly number[] };
  readonly kongCaveat?: string;
}

/** Each case's expectation, with what the attacker's server received while it was in flight. */
export function forgedExpectations(
  cases: readonly ForgedCaseSpec[],
  attackerFetches?: ReadonlyMap<string, readonly string[]>,
): ForgedExpectation[] {
  return cases.map((c) => {
    const fetched = attackerFetches?.get(c.id);
    return {
      id: c.id,
      description: c.description,
      statuses: c.expect.statuses,
      ...(c.kongCaveat === undefined ? {} : { kongCaveat: c.kongCaveat }),
      ...(fetched ? { attackerFetches: fetched } : {}),
    };
  });
}

/**
 * A forged token passes when the gateway refused it with an expected status, the upstream never saw it,
 * and the gateway fetched nothing from the attacker's server.
 */
export function forgedChecks(
  observations: readonly Observation[],
  cases: readonly ForgedExpectation[],
): CheckResult[] {
  return cases.map((forged) => {
    const obs = observations.find((o) => o.kind === "forged" && o.forgedCase === forged.id);
    const id = `forged.${forged.id}`;
    if (!obs) return { id, status: "skip", summary: `${forged.description}: not sent (run cut short)` };
    const fetches = forged.attackerFetches ?? [];
    const refused = forged.statuses.includes(obs.status);
    const ok = refused && !obs.upstreamHit && fetches.length === 0;
    const evidence = [
      `status ${obs.status === 0 ? `none (${obs.error ?? "error"})` : obs.status} (expected ${forged.statuses.join(" or ")})`,
      `upstream ${obs.upstreamHit ? "SAW the request" : "never saw the request"}`,
      `body ${JSON.stringify(obs.bodyExcerpt.slice(0, 160))}`,
      ...fetches.map((f) => `gateway FETCHED from the attacker's server: ${f}`),
    ];
    if (!ok && forged.kongCaveat) evidence.push(`Kong OSS: ${forged.kongCaveat}`);
    return {
      id,
      status: ok ? "pass" : "fail",
      summary: `${forged.description.replace(/\.$/, "")}: ${verdictOf(obs, refused, fetches.length > 0)}${!ok && forged.kongCaveat ? ` (by design unless configured: ${forged.kongCaveat})` : ""}`,
      evidence,
    };
  });
}

function verdictOf(obs: Observation, refused: boolean, fetched: boolean): string {
  if (obs.upstreamHit) return `ACCEPTED: the gateway forwarded it upstream (status ${obs.status})`;
  if (fetched)
    return `the gateway FETCHED the attacker's URL from the token (SSRF vector), even though it answered ${obs.status}`;
  return refused ? `rejected with ${obs.status}` : `not rejected as expected (status ${obs.status})`;
}
