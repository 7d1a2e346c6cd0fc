/**
 * npm run bench:replay — the streaming replayer, measured in one run on this machine (prints, asserts nothing):
 * 1. throughput: replay at `max` pacing (closed model, N lanes) vs autocannon with N connections, both straight
 *    against the same trivial node:http upstream in its own process, WITHOUT a gateway (the replayer is what is
 *    measured: capture parsing, job lanes, token minting, undici). Both run for the same BENCH_DURATION from a
 *    cold start (the replay is stopped when it is up), so neither gets longer to amortize its warm-up.
 *    Goal: replay >= 0.50 of autocannon.
 * 2. memory: a generated capture of 1,000,000 records replayed the same way in a child process; its peak RSS
 *    (process.resourceUsage().maxRSS) is printed. Goal: < 200 MB.
 */
import { createWriteStream } from "node:fs";
import { mkdtempSync, rmSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { Agent } from "undici";
import { systemClock } from "../src/clock.ts";
import { createIssuer } from "../src/identity/index.ts";
import { createJobTokens } from "../src/replay/job-tokens.ts";
import { replayCapture } from "../src/replay/replay.ts";
import { scheduleCapture } from "../src/replay/schedule.ts";
import { readCaptureBatches } from "../src/traffic/capture-reader.ts";
import { createReplayTally } from "../src/verdict/replay-tally.ts";
import { startChild, stopChild } from "./child.ts";

const lanes = Number(process.env.BENCH_CONNECTIONS ?? 16);
const durationSec = Number(process.env.BENCH_DURATION ?? 5);
/** More than the replay can send in BENCH_DURATION here, so it is the clock that stops it, not the file. */
const throughputRecords = Number(process.env.BENCH_RECORDS ?? 400_000);
const rssRecords = Number(process.env.BENCH_RSS_RECORDS ?? 1_000_000);
/**
 * V8 heap flags for the 1M-record child (also usable as NODE_OPTIONS for `shadowgate run`): the replay's
 * live set is about 45 MB, but with Node's defaults V8 promotes much of what is alive at each scavenge (a few
 * hundred records, sockets' state) and collects the old generation only near a limit sized from the
 * machine's memory, so RSS grows well past the live set. The child also runs with Node's defaults, and
 * both figures are printed.
 */
const RSS_CHILD_FLAGS = ["--max-semi-space-size=2", "--max-old-space-size=192"];

interface RssFigure {
  sent?: number;
  seconds?: number;
  maxRssKb?: number;
}

/** Replays `capture` in a child process run with `flags`; its count, duration and peak RSS. */
function rssChild(flags: readonly string[], capture: string, upstream: string): RssFigure {
  const child = spawnSync(process.execPath, [...flags, "bench/replay.ts", "--rss-child", capture, upstream], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, BENCH_CONNECTIONS: "16" },
  });
  return JSON.parse(child.stdout.trim().split("\n").pop() ?? "{}") as RssFigure;
}

/** A capture of `count` GET records spread over `jobs` Buildkite jobs, interleaved as jobs run side by side. */
async function writeCapture(file: string, count: number, jobs: number): Promise<void> {
  const out = createWriteStream(file);
  const start = Date.parse("2026-11-20T09:30:00.000Z");
  for (let i = 0; i < count; i += 1) {
    const j = i % jobs;
    const line = JSON.stringify({
      v: 1,
      at: new Date(start + i).toISOString(),
      method: "GET",
      path: `/artifacts/pipeline-${j % 50}/${j}/file-${i}.json`,
      headers: { "user-agent": "buildkite-agent/3.137.0 (linux; amd64)", accept: "application/json" },
      job: {
        organization: "acme-inc",
        pipeline: `pipeline-${j % 50}`,
        build: j,
        job: `019b7a3b-1f22-4c8e-9d10-${String(j).padStart(12, "0")}`,
        step: "test",
        branch: "main",
        commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
      },
      response: { status: 200, latencyMs: 5 },
      source: "bench",
    });
    if (!out.write(`${line}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/** Replays a capture straight at the upstream; returns requests/s and the tally's counts. */
async function replayFile(file: string, upstream: string, stopAfterSec?: number) {
  const stop = new AbortController();
  const timer = stopAfterSec === undefined ? undefined : setTimeout(() => stop.abort(), stopAfterSec * 1000);
  const dispatcher = new Agent({ connections: lanes, keepAliveTimeout: 30_000 });
  const tokens = createJobTokens(createIssuer(), { audience: undefined, lifetimeSec: 7200 }, systemClock);
  const tally = createReplayTally();
  const started = process.hrtime.bigint();
  const pacing = { mode: "max", lanes } as const;
  let id = 0;
  await replayCapture(
    scheduleCapture(readCaptureBatches(file), pacing),
    { pacing },
    {
      proxyUrl: upstream,
      dispatcher,
      clock: systemClock,
      tokens,
      elapsedMs: () => Number(process.hrtime.bigint() - started) / 1e6,
      faults: () => ({ active: [], inTransition: false }),
      newExchangeId: () => String((id += 1)),
      upstreamHit: () => true,
      signal: stop.signal,
    },
    (o) => tally.add(o),
  );
  clearTimeout(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await dispatcher.close();
  const summary = tally.summary();
  return { rps: summary.sent / seconds, seconds, summary, minted: tokens.mintedCount() };
}

if (process.argv[2] === "--rss-child") {
  // Child mode: one replay of the 1M capture, then the process's peak RSS.
  const { summary, seconds } = await replayFile(process.argv[3]!, process.argv[4]!);
  console.log(JSON.stringify({ sent: summary.sent, seconds, maxRssKb: process.resourceUsage().maxRSS }));
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), "sg-bench-replay-"));
const { child: upstreamProcess, firstLine: upstream } = await startChild(["bench/upstream-child.ts"]);
try {
  process.stderr.write(`bench: autocannon, ${lanes} connections, ${durationSec}s against ${upstream}\n`);
  // Same request shape as the replay: a Buildkite-sized bearer token (RS256, ~1 KB) on every request.
  const token = createIssuer().mint({
    job: {
      organization: "acme-inc",
      pipeline: "pipeline-1",
      buildNumber: 1,
      jobId: "019b7a3b-1f22-4c8e-9d10-000000000001",
      stepKey: "test",
      branch: "main",
      tag: null,
      commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
    },
  });
  // Loaded here, not at the top: the RSS child below never runs it, so its peak RSS is the replay's own.
  const { default: autocannon } = await import("autocannon");
  const cannon = await autocannon({
    url: `${upstream}/artifacts/pipeline-1/1/file-1.json`,
    connections: lanes,
    duration: durationSec,
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  const cannonRps = cannon.requests.average;

  const capture = path.join(dir, "throughput.ndjson");
  await writeCapture(capture, throughputRecords, 200);
  process.stderr.write(
    `bench: replay for ${durationSec}s (capture of ${throughputRecords} records), max pacing, ${lanes} lanes\n`,
  );
  const replay = await replayFile(capture, upstream, durationSec);

  const big = path.join(dir, "million.ndjson");
  process.stderr.write(`bench: writing a ${rssRecords}-record capture\n`);
  await writeCapture(big, rssRecords, 5000);
  process.stderr.write(`bench: replaying it in a child process for peak RSS, with the flags then without\n`);
  const rss = rssChild(RSS_CHILD_FLAGS, big, upstream);
  const rssDefault = rssChild([], big, upstream);

  console.log(
    `autocannon      ${cannonRps.toFixed(0).padStart(8)} req/s  (${lanes} connections, ${durationSec} s, no gateway)`,
  );
  console.log(
    `replay (max)    ${replay.rps.toFixed(0).padStart(8)} req/s  (${lanes} lanes, ${replay.summary.sent} records in ${replay.seconds.toFixed(1)} s, ${replay.minted} tokens minted, statuses ${JSON.stringify(replay.summary.byStatus)})`,
  );
  const ratio = replay.rps / cannonRps;
  console.log(
    `throughput replay/autocannon ${ratio.toFixed(2)}  goal >= 0.50: ${ratio >= 0.5 ? "met" : "NOT met"}`,
  );
  const rssMb = (rss.maxRssKb ?? 0) / 1024;
  console.log(
    `${rssRecords}-record replay (max pacing, 16 lanes, no gateway, node ${RSS_CHILD_FLAGS.join(" ")}): ${rss.sent ?? "?"} requests in ${(rss.seconds ?? 0).toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB  goal < 200 MB: ${rss.sent === rssRecords && rssMb < 200 ? "met" : "NOT met"}`,
  );
  console.log(
    `the same with Node's default heap sizing: ${rssDefault.sent ?? "?"} requests in ${(rssDefault.seconds ?? 0).toFixed(1)} s, peak RSS ${((rssDefault.maxRssKb ?? 0) / 1024).toFixed(0)} MB (V8 collects old space late; NODE_OPTIONS="${RSS_CHILD_FLAGS.join(" ")}" bounds it)`,
  );
} finally {
  await stopChild(upstreamProcess);
  rmSync(dir, { recursive: true, force: true });
}
