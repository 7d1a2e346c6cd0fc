/**
 * Diffy-style comparison of two outcomes of one request (peers.md §1.2): what production (or the primary)
 * answered vs what the shadow gateway answered. Classes are about authorization, the question a gateway
 * change raises: a request that used to pass and is now refused breaks a pipeline; one that used to be
 * refused and now passes is a hole.
 */
export type DiffClass = "same" | "newly-rejected" | "newly-accepted" | "other";

export const DIFF_CLASSES: readonly DiffClass[] = ["same", "newly-rejected", "newly-accepted", "other"];

/** The outcome family of a status; 0 means no response at all. */
export type OutcomeFamily = "accepted" | "rejected" | "limited" | "not-found" | "failed";

export function outcomeFamily(status: number): OutcomeFamily {
  if (status >= 100 && status < 400) return "accepted";
  if (status === 401 || status === 403 || status === 407) return "rejected";
  if (status === 429) return "limited";
  if (status === 404 || status === 405) return "not-found";
  return "failed";
}

/**
 * Response headers that always differ between two answers to the same request, so they never count as a
 * difference (Diffy's noise; Kong adds request ids and latency headers, kong.md §6.3).
 */
export const NOISY_HEADERS: readonly string[] = [
  "date",
  "age",
  "expires",
  "last-modified",
  "etag",
  "set-cookie",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "server",
  "via",
  "x-kong-request-id",
  "x-kong-upstream-latency",
  "x-kong-proxy-latency",
  "x-kong-response-latency",
  "x-request-id",
  "x-correlation-id",
  "ratelimit-remaining",
  "ratelimit-reset",
  "x-ratelimit-remaining-second",
  "x-ratelimit-remaining-minute",
  "x-ratelimit-remaining-hour",
  "x-ratelimit-remaining-day",
  "retry-after",
];

export interface Outcome {
  /** 0 when there was no response. */
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DiffOptions {
  /** Compare exact statuses (mirror: both are real answers). Off for replay against mock upstreams,
   * which answer 200 where production answered 201 or 202. */
  readonly exactStatus?: boolean;
  /** More noisy header names, added to NOISY_HEADERS. */
  readonly ignoreHeaders?: readonly string[];
}

export interface OutcomeDiff {
  readonly class: DiffClass;
  /** Non-noise header names whose values differ (only when both sides carry headers). */
  readonly headers: readonly string[];
}

export function diffOutcomes(before: Outcome, after: Outcome, options: DiffOptions = {}): OutcomeDiff {
  const headers =
    before.headers && after.headers ? differingHeaders(before.headers, after.headers, options) : [];
  const kind = statusDiffClass(before.status, after.status, options.exactStatus === true);
  return { class: kind === "same" && headers.length > 0 ? "other" : kind, headers };
}

/** The class of a pair of statuses alone (no headers compared): the replay tally's per-request path. */
export function statusDiffClass(before: number, after: number, exactStatus = false): DiffClass {
  const a = outcomeFamily(before);
  const b = outcomeFamily(after);
  if (a === "accepted" && b === "rejected") return "newly-rejected";
  if (a === "rejected" && b === "accepted") return "newly-accepted";
  return a === b && (!exactStatus || before === after) ? "same" : "other";
}

function differingHeaders(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
  options: DiffOptions,
): string[] {
  const noise = new Set([...NOISY_HEADERS, ...(options.ignoreHeaders ?? []).map((h) => h.toLowerCase())]);
  const names = new Set([...Object.keys(a), ...Object.keys(b)].map((h) => h.toLowerCase()));
  const lowerA = lowerKeys(a);
  const lowerB = lowerKeys(b);
  return [...names].filter((name) => !noise.has(name) && lowerA[name] !== lowerB[name]).sort();
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** The report's grouping key for a path: its first segment, like a Kong route prefix (`/deploy`). */
export function routePrefix(path: string): string {
  // As `path.split("?")[0].split("/")[1]`, without the arrays (it runs once per replayed request).
  const query = path.indexOf("?");
  const end = query < 0 ? path.length : query;
  const first = path.indexOf("/");
  if (first < 0 || first >= end) return "/";
  const second = path.indexOf("/", first + 1);
  return `/${path.slice(first + 1, second < 0 || second > end ? end : second)}`;
}
