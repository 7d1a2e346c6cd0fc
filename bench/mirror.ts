/**
 * npm run bench:mirror — what the mirror adds on the primary path, measured side by side in one run:
 * the same load (autocannon at a fixed rate, N connections, µs HDR histograms) straight at a trivial upstream, then through
 * `shadowgate mirror` (its own process, capture on, a shadow that gets a copy of everything). Prints p50/p99
 * and the mirror/direct ratios; asserts nothing (compare ratios, not absolute numbers).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runLoad, type BenchSeries } from "../src/bench/index.ts";
import { startChild, stopChild } from "./child.ts";

const durationSec = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8);
/** A fixed arrival rate below saturation: added latency, not queueing at the slower hop, is measured. */
const rate = Number(process.env.BENCH_RATE ?? 1000);
const dir = mkdtempSync(path.join(tmpdir(), "sg-bench-mirror-"));
const capture = path.join(dir, "capture.ndjson");

const primary = await startChild(["bench/upstream-child.ts"]);
const shadow = await startChild(["bench/upstream-child.ts"]);
// The same hop without the mirror's work: what any Node proxy process costs here (syscalls, scheduling).
const bareProxy = await startChild(["bench/proxy-child.ts", primary.firstLine]);
const mirror = await startChild([
  "bin/shadowgate.js",
  "mirror",
  "--listen",
  "127.0.0.1:0",
  "--primary",
  primary.firstLine,
  "--shadow",
  shadow.firstLine,
  "--capture",
  capture,
]);
const mirrorUrl = (JSON.parse(mirror.firstLine) as { url: string }).url;

const measure = (label: string, url: string) => {
  process.stderr.write(`bench: ${label} for ${durationSec}s with ${connections} connections\n`);
  return runLoad({
    url,
    path: "/artifacts/payments-api/4182/manifest.json",
    headers: { accept: "application/json" },
    route: "/artifacts",
    series: "baseline",
    durationSec,
    warmupSec: 1,
    connections,
    rate,
  });
};

try {
  const direct = await measure("direct", primary.firstLine);
  const bare = await measure("through a bare Node proxy", bareProxy.firstLine);
  const mirrored = await measure("through the mirror", mirrorUrl);
  await stopChild(mirror.child, "SIGTERM");
  const recorded = readFileSync(capture, "utf8").split("\n").filter(Boolean).length;
  const row = (name: string, s: BenchSeries) =>
    `${name.padEnd(10)} ${s.rps.toFixed(0).padStart(8)} req/s   p50 ${String(s.latencyUs.p50).padStart(6)} µs   p99 ${String(s.latencyUs.p99).padStart(6)} µs   statuses ${JSON.stringify(s.statusCounts)}`;
  console.log(row("direct", direct));
  console.log(row("bare proxy", bare));
  console.log(row("mirror", mirrored));
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    `mirror/direct latency  p50 ${ratio(mirrored.latencyUs.p50, direct.latencyUs.p50)}   p99 ${ratio(mirrored.latencyUs.p99, direct.latencyUs.p99)}   (added p50 ${mirrored.latencyUs.p50 - direct.latencyUs.p50} µs, p99 ${mirrored.latencyUs.p99 - direct.latencyUs.p99} µs)`,
  );
  console.log(
    `mirror/bare-proxy latency  p50 ${ratio(mirrored.latencyUs.p50, bare.latencyUs.p50)}   p99 ${ratio(mirrored.latencyUs.p99, bare.latencyUs.p99)}   (the mirror's own cost over any proxy hop: p50 ${mirrored.latencyUs.p50 - bare.latencyUs.p50} µs)`,
  );
  console.log(`offered load ${rate} req/s on ${connections} connections (BENCH_RATE, BENCH_CONNECTIONS)`);
  console.log(
    `capture records written after SIGTERM: ${recorded} (every request the mirror answered, warm-up included)`,
  );
} finally {
  await stopChild(mirror.child);
  await stopChild(primary.child);
  await stopChild(shadow.child);
  await stopChild(bareProxy.child);
  rmSync(dir, { recursive: true, force: true });
}
