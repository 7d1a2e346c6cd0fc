import type { Dispatcher } from "undici";
import type { Clock } from "../clock.ts";
import type { Issuer } from "../identity/types.ts";
import type { Logger } from "../log.ts";
import type { JobTokens } from "../replay/job-tokens.ts";
import type { Observation } from "../replay/types.ts";
import type { StartedTarget } from "../targets/types.ts";
import type { CaptureJob } from "../traffic/capture-schema.ts";
import type { UpstreamSet } from "../upstream/upstream-set.ts";

/** Everything the stages of one scenario run share: built once by runScenario, passed down as data. */
export interface RunContext {
  readonly target: StartedTarget;
  readonly upstreams: UpstreamSet;
  readonly issuer: Issuer;
  readonly tokens: JobTokens;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Milliseconds since the replay started. */
  elapsedMs(): number;
  newExchangeId(): string;
  /** A job from the capture used for probes and forged tokens (they need a realistic identity). */
  readonly sampleJob: CaptureJob;
  readonly audience: string | undefined;
}

/**
 * Marks observations whose exchange id the mock upstream saw. Replayed exchanges were already judged as they
 * came back (their hits are consumed then, see replay-stage.ts), so only the other kinds are looked up.
 */
export function withUpstreamHits(
  observations: readonly Observation[],
  upstreams: UpstreamSet,
): Observation[] {
  return observations.map((o) =>
    o.kind === "replay" ? o : { ...o, upstreamHit: upstreams.hitFor(o.exchangeId) !== undefined },
  );
}
