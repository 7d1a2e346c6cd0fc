/**
 * Differential runs (Diffy-style, peers.md §1.2): the same scenario against two targets, exchange by
 * exchange. What must agree is what Kong decides: the status, whether the upstream was reached, and for
 * responses Kong generates itself the body message, WWW-Authenticate and Content-Type (kong.md "Response-body
 * families"). Request ids, latency headers and Date differ on every run and are never compared.
 */
import type { Observation } from "../replay/types.ts";

export type DivergenceField =
  "status" | "upstreamHit" | "message" | "www-authenticate" | "content-type" | "missing";

export interface Divergence {
  /** Stable across runs: kind, capture line or forged case, method, path, token, occurrence. */
  readonly exchange: string;
  readonly kind: Observation["kind"];
  readonly method: string;
  readonly path: string;
  readonly field: DivergenceField;
  /** The value on the first and second target ("(absent)" when the exchange was not sent there). */
  readonly a: string;
  readonly b: string;
}

export interface Comparison {
  readonly targets: readonly [string, string];
  /** Exchanges seen on both targets and compared. */
  readonly compared: number;
  /** Exchanges left out because a fault was being applied or reverted (their outcome depends on timing). */
  readonly notCompared: number;
  readonly divergences: readonly Divergence[];
}

const ABSENT = "(absent)";

export function exchangeKeys(observations: readonly Observation[]): Map<string, Observation> {
  const seen = new Map<string, number>();
  const keyed = new Map<string, Observation>();
  for (const o of observations) {
    const base =
      o.kind === "probe"
        ? o.exchangeId
        : [o.kind, o.captureLine ?? "", o.forgedCase ?? "", o.method, o.path, o.token].join(" ");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    keyed.set(n === 0 ? base : `${base} #${n + 1}`, o);
  }
  return keyed;
}

/** Kong answered itself (nothing reached the upstream), so its body and headers are Kong's to match. */
function kongGenerated(o: Observation): boolean {
  return o.status > 0 && !o.upstreamHit;
}

/** `{"message":"Unauthorized"}` → `Unauthorized`; other bodies as they are (trimmed). */
export function bodyMessage(excerpt: string): string {
  try {
    const parsed = JSON.parse(excerpt) as unknown;
    if (parsed !== null && typeof parsed === "object" && "message" in parsed)
      return typeof parsed.message === "string" ? parsed.message : JSON.stringify(parsed.message);
  } catch {
    // not JSON (an HTML or text error page): compare the text
  }
  return excerpt.trim();
}

function fields(o: Observation): Record<Exclude<DivergenceField, "missing">, string> {
  const generated = kongGenerated(o);
  return {
    status: String(o.status),
    upstreamHit: String(o.upstreamHit),
    message: generated ? bodyMessage(o.bodyExcerpt) : "",
    "www-authenticate": generated ? (o.responseHeaders["www-authenticate"] ?? "") : "",
    "content-type": generated ? (o.responseHeaders["content-type"] ?? "") : "",
  };
}

function sameFaults(a: Observation, b: Observation): boolean {
  return [...a.activeFaults].sort().join() === [...b.activeFaults].sort().join();
}

export function compareObservations(
  targets: readonly [string, string],
  a: readonly Observation[],
  b: readonly Observation[],
): Comparison {
  const left = exchangeKeys(a);
  const right = exchangeKeys(b);
  const divergences: Divergence[] = [];
  let compared = 0;
  let notCompared = 0;
  for (const key of new Set([...left.keys(), ...right.keys()])) {
    const x = left.get(key);
    const y = right.get(key);
    const o = x ?? y;
    if (!o) continue;
    const base = { exchange: key, kind: o.kind, method: o.method, path: o.path };
    if (!x || !y) {
      divergences.push({ ...base, field: "missing", a: x ? "sent" : ABSENT, b: y ? "sent" : ABSENT });
      continue;
    }
    if (x.faultTransition || y.faultTransition || !sameFaults(x, y)) {
      notCompared++;
      continue;
    }
    compared++;
    const fx = fields(x);
    const fy = fields(y);
    for (const field of Object.keys(fx) as (keyof typeof fx)[])
      if (fx[field] !== fy[field]) divergences.push({ ...base, field, a: fx[field], b: fy[field] });
  }
  return { targets, compared, notCompared, divergences };
}
