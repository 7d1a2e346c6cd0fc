/**
 * Consumer identification shared by the auth plugins: `set_consumer` of jwt/key-auth (kong.md §1.6)
 * and `kong.client.load_consumer(id_or_username, true)` for `anonymous`.
 */
import type { KongConsumer } from "../../kong/types.ts";
import type { AuthenticatedCredential, RequestContext } from "../types.ts";

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
