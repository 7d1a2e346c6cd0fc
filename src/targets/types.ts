import type { KongDocument } from "../kong/entities.ts";

/**
 * One interface for every gateway the harness can drive; replay, faults and verdict never know which.
 * A target moves through three states, each its own type: a TargetDefinition (not started) starts into a
 * StartedTarget, which stops into a StoppedTarget (what is left to read: identity and logs).
 */
export type TargetKind = "embedded" | "docker" | "url";

export interface GatewayIdentity {
  /** e.g. "kong" or "shadowgate-embedded (Kong OSS compatible)". */
  readonly name: string;
  readonly version: string;
  /** Kong's `database` setting from `GET /` (`off` = DB-less); undefined when it could not be read. */
  readonly database?: string;
}

/** How faults change the gateway's config on this target (DESIGN.md: the same path for every target). */
export interface ConfigWriter {
  /** e.g. "POST /config" or "entity endpoints (DB mode)", shown in fault descriptions and logs. */
  readonly via: string;
  /** Makes `doc` the gateway's config; resolves once the gateway has it. */
  push(doc: KongDocument): Promise<void>;
}

export interface StoppedTarget {
  readonly state: "stopped";
  readonly kind: TargetKind;
  readonly gateway: GatewayIdentity;
  /** Gateway output (container logs, embedded gateway warnings), kept for the report when a run fails. */
  logs(): readonly string[];
}

export interface StartedTarget extends AsyncDisposable {
  readonly state: "started";
  readonly kind: TargetKind;
  readonly proxyUrl: string;
  /** Undefined when the target is read-only (no Admin API): checks that need it are skipped. */
  readonly adminUrl: string | undefined;
  readonly gateway: GatewayIdentity;
  /** Undefined when the config cannot be changed (read-only URL target). */
  readonly configWriter: ConfigWriter | undefined;
  /** What this target does not reproduce of real Kong, or cannot observe; shown in reports. */
  readonly limitations?: string;
  logs(): readonly string[];
  /** Idempotent; also restores a remote gateway's original config and removes a container. */
  stop(): Promise<StoppedTarget>;
}

export interface TargetDefinition {
  readonly state: "not-started";
  readonly kind: TargetKind;
  /**
   * How this gateway reaches servers the harness runs on this machine (mock upstreams): given their
   * loopback URLs (origin key → http://127.0.0.1:PORT), returns the URLs to write into the gateway config.
   * Called before start; the docker target exposes the ports to its container here.
   */
  reachHost(urls: ReadonlyMap<string, string>): Promise<ReadonlyMap<string, string>>;
  /** Starts the gateway with this declarative config (a plain JS object, `_format_version: "3.0"`). */
  start(config: KongDocument): Promise<StartedTarget>;
}

/** Rewrites the host of every URL (ports stay): how a gateway elsewhere is pointed at this machine. */
export function withHost(urls: ReadonlyMap<string, string>, host: string): ReadonlyMap<string, string> {
  return new Map(
    [...urls].map(([origin, url]) => {
      const rewritten = new URL(url);
      rewritten.hostname = host;
      return [origin, rewritten.toString().replace(/\/$/, "")];
    }),
  );
}

/** A StoppedTarget snapshot of a started one (identity and logs survive the stop). */
export function stoppedFrom(target: Pick<StartedTarget, "kind" | "gateway" | "logs">): StoppedTarget {
  const logs = [...target.logs()];
  return { state: "stopped", kind: target.kind, gateway: target.gateway, logs: () => logs };
}
