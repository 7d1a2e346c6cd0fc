import { blockRoute } from "../kong/patch.ts";
import type { KongDocument } from "../kong/entities.ts";
import type { FaultSpec } from "../scenario/schema.ts";

/** Fault definitions are data; this turns one into its config change and a sentence for reports. */
export interface FaultBehaviour {
  readonly id: string;
  readonly target: string;
  explain(): string;
  /** The gateway config while the fault is in force, given the config without it. */
  applyTo(doc: KongDocument): KongDocument;
}

export function faultId(spec: FaultSpec): string {
  return spec.id ?? `${spec.type}-${spec.route}`;
}

export function faultBehaviour(spec: FaultSpec): FaultBehaviour {
  switch (spec.type) {
    case "block-route":
      return {
        id: faultId(spec),
        target: spec.route,
        explain: () =>
          `block route ${spec.route} with ${spec.status} (request-termination via POST /config) ` +
          `at ${spec.at / 1000}s for ${spec.for / 1000}s`,
        applyTo: (doc) =>
          blockRoute(doc, spec.route, {
            status_code: spec.status,
            ...(spec.message === undefined ? {} : { message: spec.message }),
          }),
      };
  }
}
