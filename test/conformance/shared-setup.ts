import { afterAll, beforeAll } from "vitest";
import { conformanceConfig } from "./config.ts";
import { closedPort, startEchoUpstream, startTarget, type EchoUpstream, type Target } from "./fixture.ts";
import { generateTestKeys, type TestKeys } from "./tokens.ts";

export interface ConformanceEnv {
  up: EchoUpstream;
  target: Target;
  keys: TestKeys;
}

/**
 * The setup most conformance files share: an echo upstream and a target running `conformanceConfig` with
 * fresh test keys, started before the file's tests and closed after them. Fields are set in beforeAll.
 */
export function useConformanceConfig(): ConformanceEnv {
  const env = {} as ConformanceEnv;
  beforeAll(async () => {
    env.keys = generateTestKeys();
    env.up = await startEchoUpstream();
    env.target = await startTarget(conformanceConfig(env.up, env.keys, { deadPort: await closedPort() }));
  });
  afterAll(async () => {
    await env.target?.close();
    await env.up?.close();
  });
  return env;
}
