/**
 * Runs the whole forged-token catalogue against one gateway at a time: the embedded gateway with a given
 * config (and weakened plugins), a recording upstream, and an attacker JWKS server. Sending and judging
 * are the run's own (src/run/forged.ts, src/verdict/forged-checks.ts); keys and built tokens are made
 * once and reused by every gateway, so the whole suite takes seconds.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent } from "undici";
import { systemClock } from "../../src/clock.ts";
import { startEmbeddedGateway } from "../../src/gateway/index.ts";
import type { GatewayPlugin } from "../../src/gateway/types.ts";
import { createIssuer } from "../../src/identity/issuer.ts";
import { startJwksServer, type JwksServer } from "../../src/identity/jwks-server.ts";
import { FORGED_CASES } from "../../src/identity/forge/catalogue.ts";
import type { ForgeContext, ForgedCase } from "../../src/identity/forge/types.ts";
import type { Issuer } from "../../src/identity/types.ts";
import { runForgedStage } from "../../src/run/forged.ts";
import { EXCHANGE_HEADER } from "../../src/upstream/mock-upstream.ts";
import { forgedChecks, forgedExpectations } from "../../src/verdict/forged-checks.ts";
import type { CheckResult } from "../../src/verdict/types.ts";
import { ISSUER, ORGANIZATION, ORGANIZATION_ID, ROUTE_PATH } from "./configs.ts";

/** An upstream that only remembers which exchanges reached it; reset between gateways. */
interface RecordingUpstream {
  readonly url: string;
  saw(exchangeId: string): boolean;
  reset(): void;
  close(): Promise<void>;
}

async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const seen = new Set<string>();
  const server = createServer((req, res) => {
    const id = req.headers[EXCHANGE_HEADER];
    if (typeof id === "string") seen.add(id);
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    saw: (id) => seen.has(id),
    reset: () => seen.clear(),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface DetectionEnv {
  readonly trusted: Issuer;
  readonly untrusted: Issuer;
  readonly attacker: JwksServer;
  readonly upstream: RecordingUpstream;
  readonly forge: ForgeContext;
  /** Every catalogue case with its request built once (same tokens for every gateway). */
  readonly cases: readonly ForgedCase[];
  close(): Promise<void>;
}

export async function startDetectionEnv(): Promise<DetectionEnv> {
  const rsa = () => generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const trusted = createIssuer({ privateKey: rsa(), issuer: ISSUER });
  const untrusted = createIssuer({ privateKey: rsa(), issuer: ISSUER });
  const attacker = await startJwksServer({ keys: untrusted });
  const upstream = await startRecordingUpstream();
  const forge: ForgeContext = {
    trusted,
    untrusted,
    job: {
      organization: ORGANIZATION,
      pipeline: "payments-api",
      buildNumber: 4182,
      jobId: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
      stepKey: "deploy",
      branch: "main",
      tag: null,
      commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
    },
    audience: "https://api.acme.internal",
    nowSec: Math.floor(Date.now() / 1000),
    attackerJwksUrl: attacker.jwksUrl,
    claims: { organization_id: ORGANIZATION_ID },
  };
  const cases = FORGED_CASES.map((c): ForgedCase => {
    const parts = c.build(forge);
    return { ...c, build: () => parts };
  });
  return {
    trusted,
    untrusted,
    attacker,
    upstream,
    forge,
    cases,
    close: async () => {
      await Promise.all([attacker.close(), upstream.close()]);
    },
  };
}

/** One gateway, the whole catalogue: the `forged.<id>` checks a run would report. */
export async function runCatalogue(
  env: DetectionEnv,
  config: Record<string, unknown>,
  pluginOverrides: readonly GatewayPlugin[] = [],
): Promise<CheckResult[]> {
  const gateway = await startEmbeddedGateway({ config, adminListen: null, pluginOverrides });
  const dispatcher = new Agent({ connections: 4 });
  env.upstream.reset();
  try {
    const started = performance.now();
    const stage = await runForgedStage(
      {
        target: { proxyUrl: gateway.proxyUrl },
        dispatcher,
        clock: systemClock,
        signal: new AbortController().signal,
        elapsedMs: () => performance.now() - started,
      },
      env.cases,
      { method: "POST", path: ROUTE_PATH },
      env.forge,
      env.attacker,
    );
    const observations = stage.observations.map((o) => ({
      ...o,
      upstreamHit: env.upstream.saw(o.exchangeId),
    }));
    return forgedChecks(observations, forgedExpectations(env.cases, stage.attackerFetches));
  } finally {
    await dispatcher.close();
    await gateway.close();
  }
}
