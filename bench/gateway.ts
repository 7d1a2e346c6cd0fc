/**
 * npm run bench:gateway — what the embedded gateway costs, measured side by side in one run on this machine:
 * the raw upstream, the gateway with no plugins, and the gateway with RS256 jwt. Prints ratios, asserts nothing
 * (a shared machine is noisy; compare ratios, not absolute numbers).
 *
 * BENCH_LAYOUT=single (default): generator, gateway and upstream share one event loop, so every series gets the
 * same single core and the ratios compare like with like. BENCH_LAYOUT=threads runs the upstream and the gateway
 * in their own worker threads (as Kong and the origin run in their own processes); on a 2-core machine the raw
 * series then gets two cores while the gateway series shares them three ways, so its ratios read lower.
 * BENCH_DURATION (s, default 5) and BENCH_CONNECTIONS (default 16) tune the run. BENCH_SERIES=plain (or jwt, or
 * raw, comma-separated) runs only those series, to profile one of them (`node --cpu-prof bench/gateway.ts`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { BenchSeries } from "../src/bench/types.ts";

type Role =
  { role: "upstream" } | { role: "gateway"; upstreamUrl: string; issuer: string; publicKeyPem: string };

/** Starts one server of the bench and returns its URL (reported to the parent when in a worker). */
async function runWorker(
  data: Role,
  report: (url: string) => void = (u) => parentPort!.postMessage(u),
): Promise<void> {
  if (data.role === "upstream") {
    const upstream = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    report(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
    return;
  }
  const { startEmbeddedGateway } = await import("../src/gateway/index.ts");
  const gateway = await startEmbeddedGateway({
    config: {
      _format_version: "3.0",
      services: [
        {
          name: "upstream",
          url: data.upstreamUrl,
          routes: [
            { name: "plain", paths: ["/plain"] },
            {
              name: "jwt",
              paths: ["/jwt"],
              plugins: [{ name: "jwt", config: { claims_to_verify: ["exp"] } }],
            },
          ],
        },
      ],
      consumers: [
        {
          username: "buildkite",
          jwt_secrets: [{ key: data.issuer, algorithm: "RS256", rsa_public_key: data.publicKeyPem }],
        },
      ],
    },
    adminListen: null,
  });
  report(gateway.proxyUrl);
}

function startWorker(data: Role): Promise<{ url: string; worker: Pick<Worker, "terminate"> }> {
  if (process.env["BENCH_LAYOUT"] !== "threads") {
    // In-process; the servers stop when the process exits.
    return new Promise(
      (resolve) =>
        void runWorker(data, (url) => resolve({ url, worker: { terminate: () => Promise.resolve(0) } })),
    );
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: data });
  return new Promise((resolve, reject) => {
    worker.once("message", (url: string) => resolve({ url, worker }));
    worker.once("error", reject);
  });
}

type Series = BenchSeries & { busy: number };

function printRatios(raw: Series, plain: Series, jwt: Series): void {
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log(
    `throughput  no-plugins/raw ${ratio(plain.rps, raw.rps)}   jwt/raw ${ratio(jwt.rps, raw.rps)}   jwt/no-plugins ${ratio(jwt.rps, plain.rps)}`,
  );
  console.log(
    `p50 latency no-plugins/raw ${ratio(plain.latencyUs.p50, raw.latencyUs.p50)}   jwt/raw ${ratio(jwt.latencyUs.p50, raw.latencyUs.p50)}`,
  );
  console.log(
    `p99 latency no-plugins/raw ${ratio(plain.latencyUs.p99, raw.latencyUs.p99)}   jwt/raw ${ratio(jwt.latencyUs.p99, raw.latencyUs.p99)}`,
  );
  console.log(`layout: ${process.env["BENCH_LAYOUT"] === "threads" ? "threads" : "single event loop"}`);
  console.log(
    `goal: jwt route >= 0.40 of raw upstream throughput: ${jwt.rps / raw.rps >= 0.4 ? "met" : "NOT met"}`,
  );
  if (raw.generatorLoopDelayP99Us !== undefined)
    console.log(
      `load generator event-loop delay p99: ${raw.generatorLoopDelayP99Us} µs (high values mean the generator, not the target, saturated)`,
    );
}

async function main(): Promise<void> {
  const { runLoad } = await import("../src/bench/index.ts");
  const { createIssuer } = await import("../src/identity/index.ts");
  const durationSec = Number(process.env["BENCH_DURATION"] ?? 5);
  const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 16);

  const issuer = createIssuer();
  const upstream = await startWorker({ role: "upstream" });
  const gateway = await startWorker({
    role: "gateway",
    upstreamUrl: upstream.url,
    issuer: issuer.issuer,
    publicKeyPem: issuer.publicKeyPem,
  });
  const token = issuer.mint({
    job: {
      organization: "acme-inc",
      pipeline: "bench",
      buildNumber: 1,
      jobId: "019b7a3b-1f22-4c8e-9d10-6a5b4c3d2e1f",
      stepKey: null,
      branch: "main",
      tag: null,
      commit: "9f3182061f1e2cca4702c368cbc039b7dc9d4485",
    },
    lifetimeSec: 3600,
  });

  const measure = async (label: string, url: string, path: string, headers: Record<string, string> = {}) => {
    process.stderr.write(`bench: ${label} for ${durationSec}s with ${connections} connections\n`);
    const elu = performance.eventLoopUtilization();
    const series = await runLoad({
      url,
      path,
      headers,
      route: path,
      series: "baseline",
      durationSec,
      warmupSec: 1,
      connections,
    });
    // Warm-up included: how busy the main event loop was (1.00 = saturated, so CPU-bound on one core).
    const busy = performance.eventLoopUtilization(elu).utilization;
    return { ...series, busy };
  };

  const only = process.env["BENCH_SERIES"]?.split(",");
  const wanted = (name: string): boolean => only === undefined || only.includes(name);
  try {
    const raw = wanted("raw") ? await measure("raw upstream", upstream.url, "/x") : undefined;
    const plain = wanted("plain") ? await measure("gateway, no plugins", gateway.url, "/plain/x") : undefined;
    const jwt = wanted("jwt")
      ? await measure("gateway, RS256 jwt", gateway.url, "/jwt/x", { authorization: `Bearer ${token}` })
      : undefined;
    const row = (name: string, s: Series | undefined) => {
      if (s)
        console.log(
          `${name.padEnd(22)} ${s.rps.toFixed(0).padStart(8)} req/s   p50 ${String(s.latencyUs.p50).padStart(6)} µs   p99 ${String(s.latencyUs.p99).padStart(6)} µs   loop busy ${s.busy.toFixed(2)}   statuses ${JSON.stringify(s.statusCounts)}`,
        );
    };
    row("raw upstream", raw);
    row("gateway, no plugins", plain);
    row("gateway, RS256 jwt", jwt);
    if (raw && plain && jwt) printRatios(raw, plain, jwt);
  } finally {
    await Promise.all([gateway.worker.terminate(), upstream.worker.terminate()]);
  }
  process.exit(0);
}

if (isMainThread) await main();
else await runWorker(workerData as Role);
