/**
 * The identity side of a run: the signing keys, the harness's own JWKS + OpenID discovery server (so an
 * OIDC-capable gateway can be pointed at it), and the attacker's JWKS server that forged `jku`/`x5u`/`iss`
 * cases point at (peers.md §4.3 #17, #18, #25). Everything listens on 127.0.0.1 for the run only.
 */
import type { Clock } from "../clock.ts";
import {
  createIssuer,
  createRotatingIssuer,
  startJwksServer,
  type ForgedCase,
  type Issuer,
  type JwksServer,
  type RotatingIssuer,
} from "../identity/index.ts";
import type { Scenario } from "../scenario/schema.ts";

/** The keys of one run. Created synchronously (RSA generation) before anything listens. */
export interface RunIdentity {
  /** Mints every token of the run; rotating between `initial` and `next` when identity.rotate is set. */
  readonly issuer: Issuer;
  /** The key the shadow config trusts at the start. */
  readonly initial: Issuer;
  /** The key rotation switches to (identity.rotate), unpublished until then. */
  readonly next: Issuer | undefined;
  /** `issuer` itself when identity.rotate is set: `rotate()` switches minting to `next`. */
  readonly rotating: RotatingIssuer | undefined;
  /** The attacker's key for forged cases, when the scenario sends any. */
  readonly untrusted: Issuer | undefined;
}

export function createRunIdentity(
  scenario: Pick<Scenario, "identity" | "forged">,
  clock: Clock,
): RunIdentity {
  const make = (): Issuer => createIssuer({ issuer: scenario.identity.issuer, clock });
  const initial = make();
  const untrusted = scenario.forged ? make() : undefined;
  if (!scenario.identity.rotate)
    return { issuer: initial, initial, next: undefined, rotating: undefined, untrusted };
  const next = make();
  const issuer = createRotatingIssuer([initial, next]);
  // An OIDC provider publishes a new key when it starts signing with it; until then the JWKS has one key.
  issuer.retire(next.kid);
  return { issuer, initial, next, rotating: issuer, untrusted };
}

/** What result.json `identity` gains from the servers (URLs are loopback and valid during the run only). */
export interface IdentityServerUrls {
  readonly jwksUrl: string;
  readonly discoveryUrl: string;
  readonly attackerJwksUrl?: string;
}

export interface IdentityServers extends AsyncDisposable {
  /** Publishes the run's keys (both after a rotation); discovery's `issuer` is the scenario's `iss`. */
  readonly jwks: JwksServer;
  /** Publishes the attacker's key; started only when a selected case `requiresAttackerServer`. */
  readonly attacker: JwksServer | undefined;
  urls(): IdentityServerUrls;
  close(): Promise<void>;
}

export async function startIdentityServers(
  identity: RunIdentity,
  options: {
    readonly iss: string;
    readonly forgedCases: readonly ForgedCase[];
    readonly port?: number | undefined;
    readonly clock: Clock;
  },
): Promise<IdentityServers> {
  const jwks = await startJwksServer({
    keys: identity.issuer,
    issuer: options.iss,
    clock: options.clock,
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  let attacker: JwksServer | undefined;
  const needsAttacker = options.forgedCases.some((c) => c.requiresAttackerServer);
  if (needsAttacker && identity.untrusted) {
    try {
      // Discovery's issuer defaults to the server's own origin: what a gateway doing discovery on a forged
      // `iss` (iss-attacker-discovery) would find consistent, so following it is the gateway's choice alone.
      attacker = await startJwksServer({ keys: identity.untrusted, clock: options.clock });
    } catch (error) {
      await jwks.close();
      throw error;
    }
  }
  const close = async (): Promise<void> => {
    await Promise.all([jwks.close(), attacker?.close()]);
  };
  return {
    jwks,
    attacker,
    urls: () => ({
      jwksUrl: jwks.jwksUrl,
      discoveryUrl: jwks.discoveryUrl,
      ...(attacker ? { attackerJwksUrl: attacker.jwksUrl } : {}),
    }),
    close,
    [Symbol.asyncDispose]: close,
  };
}
