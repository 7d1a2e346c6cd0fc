/**
 * Consumer identification shared by the auth plugins: `set_consumer` of jwt/key-auth (kong.md §1.6)
 * and `kong.client.load_consumer(id_or_username, true)` for `anonymous`.
 */
import type { KongConsumer } from "../../kong/types.ts";
import type { AuthenticatedCredential, PluginResponse, RequestContext } from "../types.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kong looks up by id when the value is a uuid, by username otherwise. */
export function loadConsumer(ctx: RequestContext, idOrUsername: string): KongConsumer | undefined {
  if (UUID.test(idOrUsername)) return ctx.snapshot.consumers.get(idOrUsername);
  return ctx.snapshot.consumersByUsername.get(idOrUsername);
}

export class AnonymousConsumerMissing extends Error {}

/**
 * Sets or clears the X-Consumer-* headers. With no credential the consumer is the anonymous one
 * (X-Anonymous-Consumer: true). In 3.9.3 a missing anonymous consumer raises → 500 (kong.md §1.6).
 */
export function setConsumer(
  ctx: RequestContext,
  consumer: KongConsumer | undefined,
  credential: AuthenticatedCredential | undefined,
): void {
  if (consumer === undefined && credential === undefined)
    throw new AnonymousConsumerMissing("consumer or credential required");
  ctx.consumer = consumer;
  ctx.credential = credential;
  const h = ctx.upstreamHeaders;
  h.set("x-consumer-id", consumer?.id ?? null);
  h.set("x-consumer-custom-id", consumer?.custom_id ?? null);
  h.set("x-consumer-username", consumer?.username ?? null);
  h.set("x-credential-identifier", credential?.identifier ?? null);
  h.set("x-anonymous-consumer", credential ? null : "true");
}

/** The config fields every Kong auth plugin shares for its access phase. */
export interface AuthAccessConfig {
  readonly run_on_preflight: boolean;
  readonly anonymous?: string | undefined;
}

/**
 * The access phase Kong's auth plugins share (jwt and key-auth handler.lua, kong.md §1.4 steps 1–3):
 * OPTIONS skips the plugin unless run_on_preflight; with `anonymous` set the plugins combine as a logical
 * OR (an earlier credential wins, a failure falls back to the anonymous consumer); otherwise a failure exits.
 */
export function authAccess(
  ctx: RequestContext,
  conf: AuthAccessConfig,
  authenticate: () => PluginResponse | undefined,
): PluginResponse | undefined {
  if (!conf.run_on_preflight && ctx.method === "OPTIONS") return undefined;
  if (conf.anonymous !== undefined && ctx.credential !== undefined) return undefined;
  const failure = authenticate();
  if (!failure) return undefined;
  if (conf.anonymous === undefined) return failure;
  setConsumer(ctx, loadConsumer(ctx, conf.anonymous), undefined);
  return undefined;
}
