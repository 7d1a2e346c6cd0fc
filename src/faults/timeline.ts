import type { KongDocument } from "../kong/entities.ts";
import type { Logger } from "../log.ts";
import type { FaultSpec } from "../scenario/schema.ts";
import { faultBehaviour, type FaultBehaviour } from "./definitions.ts";
import type { FaultPhase, FaultRecord, FaultSnapshot } from "./types.ts";

export interface FaultTimelineDeps {
  /** The config without faults (already shadow-patched); restored when every fault has ended. */
  readonly baseConfig: KongDocument;
  /** Pushes a whole config to the gateway (POST /config). */
  pushConfig(doc: KongDocument): Promise<void>;
  /** Milliseconds since replay start. */
  elapsedMs(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Called once the fault is in force and once after it is reverted, to observe both states. */
  probe(faultId: string, when: "during" | "after"): Promise<void>;
  readonly logger: Logger;
}

export interface FaultTimeline {
  snapshot(): FaultSnapshot;
  records(): FaultRecord[];
  /** Runs the whole timeline; always leaves the gateway on the base config, also when aborted. */
  run(signal: AbortSignal): Promise<void>;
}

interface FaultState {
  readonly spec: FaultSpec;
  readonly behaviour: FaultBehaviour;
  phase: FaultPhase;
  appliedAtMs?: number;
  revertedAtMs?: number;
  error?: string;
}

export function createFaultTimeline(specs: readonly FaultSpec[], deps: FaultTimelineDeps): FaultTimeline {
  const states: FaultState[] = specs.map((spec) => ({
    spec,
    behaviour: faultBehaviour(spec),
    phase: "pending",
  }));
  // Pushes serialize: each push is the base config plus every fault in force, so overlaps compose.
  let pushing: Promise<void> = Promise.resolve();
  const push = (): Promise<void> => {
    const inForce = states.filter((s) => s.phase === "applying" || s.phase === "active");
    const doc = inForce.reduce((acc, s) => s.behaviour.applyTo(acc), deps.baseConfig);
    pushing = pushing.catch(() => undefined).then(() => deps.pushConfig(doc));
    return pushing;
  };

  const runOne = async (state: FaultState, signal: AbortSignal): Promise<void> => {
    await deps.sleep(Math.max(0, state.spec.at - deps.elapsedMs()), signal);
    if (signal.aborted) return;
    state.phase = "applying";
    try {
      await push();
      state.phase = "active";
      state.appliedAtMs = deps.elapsedMs();
      deps.logger.info(`fault ${state.behaviour.id}: applied (${state.behaviour.explain()})`);
      await deps.probe(state.behaviour.id, "during");
      await deps.sleep(Math.max(0, state.appliedAtMs + state.spec.for - deps.elapsedMs()), signal);
    } catch (error) {
      state.error = error instanceof Error ? error.message : String(error);
    }
    state.phase = "reverting";
    try {
      await push();
      state.revertedAtMs = deps.elapsedMs();
      state.phase = state.error === undefined ? "reverted" : "failed";
      deps.logger.info(`fault ${state.behaviour.id}: reverted`);
      if (!signal.aborted) await deps.probe(state.behaviour.id, "after");
    } catch (error) {
      state.phase = "failed";
      state.error ??= error instanceof Error ? error.message : String(error);
    }
  };

  return {
    snapshot() {
      return {
        active: states.filter((s) => s.phase === "active").map((s) => s.behaviour.id),
        inTransition: states.some((s) => s.phase === "applying" || s.phase === "reverting"),
      };
    },
    records() {
      return states.map((s) => ({
        id: s.behaviour.id,
        type: s.spec.type,
        target: s.behaviour.target,
        description: s.behaviour.explain(),
        plannedAtMs: s.spec.at,
        plannedForMs: s.spec.for,
        phase: s.phase,
        ...(s.appliedAtMs === undefined ? {} : { appliedAtMs: Math.round(s.appliedAtMs) }),
        ...(s.revertedAtMs === undefined ? {} : { revertedAtMs: Math.round(s.revertedAtMs) }),
        ...(s.error === undefined ? {} : { error: s.error }),
      }));
    },
    async run(signal) {
      await Promise.all(states.map((state) => runOne(state, signal)));
    },
  };
}
