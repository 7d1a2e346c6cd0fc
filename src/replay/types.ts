/** One exchange the harness sent through the gateway, and what came back. Plain data, one per request. */
export type ExchangeKind = "replay" | "forged" | "probe" | "access";

export interface Observation {
  /** Unique per run; sent as the `x-shadowgate-exchange` header so the mock upstream can attribute hits. */
  readonly exchangeId: string;
  readonly kind: ExchangeKind;
  readonly method: string;
  readonly path: string;
  /** For replayed traffic: the capture line and the job it belongs to. */
  readonly captureLine?: number;
  readonly jobId?: string;
  readonly pipeline?: string;
  /** `minted` (fresh valid token), `forged`, or `none` (no credential sent). */
  readonly token: "minted" | "forged" | "none";
  readonly forgedCase?: string;
  /** Milliseconds since the run's replay started: when the request was meant to go, and when it went. */
  readonly intendedAtMs: number;
  readonly sentAtMs: number;
  /** From the intended send time when paced, otherwise from the send. */
  readonly latencyUs: number;
  /** HTTP status, or 0 when no response arrived (see `error`). */
  readonly status: number;
  readonly bodyExcerpt: string;
  /** A few response headers that explain an outcome (www-authenticate, x-kong-request-id, ...). */
  readonly responseHeaders: Readonly<Record<string, string>>;
  readonly upstreamHit: boolean;
  /** Faults active when the request was sent (their ids). */
  readonly activeFaults: readonly string[];
  /** A fault was being applied or reverted while this exchange was in flight: its outcome is not judged. */
  readonly faultTransition: boolean;
  /** Recorded status from the capture, when known. */
  readonly recordedStatus?: number;
  readonly error?: string;
  /** Replayed under the `on-401` token policy: the first answer was 401, a new token was minted and sent. */
  readonly tokenRefreshed?: boolean;
}
