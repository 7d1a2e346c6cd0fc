/**
 * Types shared by the embedded gateway's pipeline and plugins. Plugins are plain objects with a name,
 * Kong's priority and phase handlers (reference/style.md §8.6); they never touch sockets.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { KongConsumer, KongPlugin, KongRoute, KongService } from "../kong/types.ts";
import type { QueryValue } from "./query.ts";
import type { ConfigSnapshot } from "./snapshot.ts";

/** `kong.response.exit` (family 1) or `kong.response.error` (family 2) — kong.md §0. */
export type PluginResponse =
  | {
      readonly kind: "exit";
      readonly status: number;
      /** An object is cjson-encoded with `application/json; charset=utf-8`; a string is sent as is. */
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: "error";
      readonly status: number;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export interface AuthenticatedCredential {
  readonly id: string;
  /** What `X-Credential-Identifier` carries (jwt: the key; key-auth: the id). */
  readonly identifier: string;
}

/** Per-request state: Kong's `ngx.ctx` plus the PDK calls plugins make. */
export interface RequestContext {
  readonly requestId: string;
  readonly method: string;
  /** The request target as sent (`$request_uri`), query string included. */
  readonly rawUrl: string;
  /** Request path without the query string, as the client sent it (`get_raw_path`). */
  readonly rawPath: string;
  /** The normalized path (`kong.request.get_path()`, uri.ts): what the router and plugins compare. */
  readonly path: string;
  readonly rawQuery: string;
  /** The request target contained a `?` (Kong then keeps one upstream, even with an empty query). */
  readonly hasQuery: boolean;
  readonly query: ReadonlyMap<string, readonly QueryValue[]>;
  /** The buffered request body (Kong's default request_buffering). */
  readonly body: Buffer;
  /** Regex captures of the matched route path (`kong.request.get_uri_captures`). */
  readonly uriCaptures: { readonly named: Record<string, string>; readonly unnamed: readonly string[] };
  /** Lower-cased request headers as node:http parsed them. */
  readonly headers: IncomingHttpHeaders;
  /** Raw header pairs in arrival order (for "first occurrence" rules such as jwt §1.3). */
  readonly rawHeaders: readonly string[];
  readonly clientIp: string;
  readonly host: string;
  readonly port: number;
  readonly route: KongRoute;
  readonly service: KongService | undefined;
  readonly snapshot: ConfigSnapshot;
  /** Wall-clock ms when the request arrived (`started_at` of log records). */
  readonly startedAtMs: number;
  /** Integer seconds, like `ngx.time()` (kong.md §1.5). */
  nowSeconds(): number;
  consumer: KongConsumer | undefined;
  credential: AuthenticatedCredential | undefined;
  /** Query string sent upstream (key-auth `hide_credentials` removes its arg). */
  upstreamQuery: string;
  /** Upstream request headers to set (string) or clear (null), applied after access. */
  readonly upstreamHeaders: Map<string, string | null>;
  /** Headers added to the downstream response, whether proxied or Kong-generated. */
  readonly responseHeaders: Map<string, string>;
  /** `kong.ctx.shared`. */
  readonly shared: Record<string, unknown>;
}

export interface GatewayPlugin {
  readonly name: string;
  readonly priority: number;
  access?(
    ctx: RequestContext,
    plugin: KongPlugin,
  ): PluginResponse | undefined | Promise<PluginResponse | undefined>;
  /** Downstream response headers (lower-case names), after Kong's own headers were added. */
  headerFilter?(ctx: RequestContext, plugin: KongPlugin, headers: Map<string, string>): void;
  /** Log phase (after the response was sent); `entry.serialize()` is `kong.log.serialize()`. */
  log?(ctx: RequestContext, plugin: KongPlugin, entry: LogEntry): void;
  /** Gateway shutdown: flush what is queued (http-log batches, file-log writes). */
  close?(): Promise<void>;
}

/** What the log phase sees of a finished request. */
export interface LogEntry {
  readonly status: number;
  /** `kong.log.serialize()` (kong.md §8), built on first use and shared by every logger. */
  serialize(): Record<string, unknown>;
}
