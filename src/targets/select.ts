import type { Clock } from "../clock.ts";
import { ShadowgateError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { ensureContainerRuntime } from "./container-runtime.ts";
import { dockerTarget } from "./docker.ts";
import { embeddedTarget } from "./embedded.ts";
import type { TargetDefinition, TargetKind } from "./types.ts";
import { urlTarget } from "./url.ts";

/** The target flags of `shadowgate run`, as the library takes them. */
export interface TargetSelection {
  readonly kind: TargetKind;
  readonly proxyUrl?: string;
  readonly adminUrl?: string;
  readonly kongImage?: string;
  readonly upstreamHost?: string;
  readonly stateDir?: string;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/**
 * Builds the target the user asked for, checking up front what it needs (a container runtime, a proxy URL),
 * so a run fails in a second with exit 3 or 2 instead of after loading everything. Never falls back to
 * another target (DESIGN.md).
 */
export async function defineTarget(selection: TargetSelection): Promise<TargetDefinition> {
  const { kind, logger } = selection;
  switch (kind) {
    case "embedded":
      return embeddedTarget({ logger, ...(selection.clock ? { clock: selection.clock } : {}) });
    case "docker":
      await ensureContainerRuntime();
      return dockerTarget({ logger, ...(selection.kongImage ? { image: selection.kongImage } : {}) });
    case "url":
      if (!selection.proxyUrl)
        throw new ShadowgateError(
          "SG_USAGE",
          "--target url needs --proxy-url (and --admin-url for faults and the shadow config)",
        );
      return urlTarget({
        proxyUrl: selection.proxyUrl,
        logger,
        ...(selection.adminUrl ? { adminUrl: selection.adminUrl } : {}),
        ...(selection.upstreamHost ? { upstreamHost: selection.upstreamHost } : {}),
        ...(selection.stateDir ? { stateDir: selection.stateDir } : {}),
      });
  }
}

/** Flags that only mean something for one target are refused elsewhere, not silently ignored. */
export function checkTargetFlags(
  kinds: readonly TargetKind[],
  flags: Omit<TargetSelection, "kind" | "logger">,
): void {
  const needs = (flag: string, kind: TargetKind, given: unknown) => {
    if (given !== undefined && !kinds.includes(kind))
      throw new ShadowgateError("SG_USAGE", `${flag} applies to --target ${kind} only`);
  };
  needs("--proxy-url", "url", flags.proxyUrl);
  needs("--admin-url", "url", flags.adminUrl);
  needs("--upstream-host", "url", flags.upstreamHost);
  needs("--kong-image", "docker", flags.kongImage);
}
