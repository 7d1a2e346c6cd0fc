/**
 * npm run detection — how many planted gateway weaknesses the forged-token catalogue catches: each
 * weakened gateway (config mistake or flawed jwt plugin) gets the whole catalogue, and the table says
 * which cases caught it. The same measurement the test/detection suite asserts on.
 */
import { startDetectionEnv } from "../test/detection/harness.ts";
import { measureDetection, renderDetectionTable } from "../test/detection/measure.ts";

const env = await startDetectionEnv();
try {
  const started = performance.now();
  const report = await measureDetection(env);
  console.log(renderDetectionTable(report));
  console.log(
    `(${((performance.now() - started) / 1000).toFixed(1)} s, ${report.results.length + 2} gateways)`,
  );
  if (report.results.some((r) => r.caughtBy.length === 0)) process.exitCode = 1;
} finally {
  await env.close();
}
