/**
 * npm run bench:gateway — what the embedded gateway costs, measured side by side in one run on this machine:
 * the raw upstream, the gateway with no plugins, and the gateway with RS256 jwt. Prints ratios, asserts nothing
 * (a shared machine is noisy; compare ratios, not absolute numbers).
 *
 * BENCH_LAYOUT=single (default): generator, gateway and upstream share one event loop, so every series gets the
 * same single core and the ratios compare like with like. BENCH_LAYOUT=threads runs the upstream and the gateway
 * in their own worker threads (as Kong and the origin run in their own processes); on a 2-core machine the raw
 * series then gets two cores while the gateway series shares them three ways, so its ratios read lower.
 * Two more series give the ceiling of the design: a bare node:http + undici proxy with none of Kong's work
 * (bare-proxy.ts), then the same with only the RS256 signature check; the gateway cannot beat either.
 * BENCH_DURATION (s, default 5) and BENCH_CONNECTIONS (default 16) tune the run. BENCH_SERIES=plain (or jwt, raw,
 * bare; comma-separated) runs only those series, to profile one of them (`node --cpu-prof bench/gateway.ts`).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { BenchSeries } from "../src/bench/types.ts";

type Role =
  | { role: "upstream" }
  | { role: "bare"; upstreamUrl: string; publicKeyPem?: string }
  | { role: "gateway"; upstreamUrl: string; issuer: string; publicKeyPem: string };

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
  if (data.role === "bare") {
    const { startBareProxy } = await import("./bare-proxy.ts");
    report((await startBareProxy(data.upstreamUrl, data.publicKeyPem)).url);
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

interface Measured {
  raw: Series;
  plain: Series;
  jwt: Series;
  bare: Series | undefined;
  bareJwt: Series | undefined;
}

function printRatios({ raw, plain, jwt, bare, bareJwt }: Measured, verifyUs: number): void {
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
  if (bare && bareJwt) {
    // The ceiling: the same hop with none of Kong's work, then with only the signature check jwt needs.
    console.log(
      `ceiling     bare proxy/raw ${ratio(bare.rps, raw.rps)}   bare proxy + RS256 verify/raw ${ratio(bareJwt.rps, raw.rps)}   (node:http + undici, no Kong logic; RS256 verify ${verifyUs.toFixed(1)} µs)`,
    );
    console.log(
      `gateway vs ceiling  no-plugins/bare ${ratio(plain.rps, bare.rps)}   jwt/(bare + verify) ${ratio(jwt.rps, bareJwt.rps)}`,
    );
  }
  if (raw.generatorLoopDelayP99Us !== undefined)
    console.log(
      `load generator event-loop delay p99: ${raw.generatorLoopDelayP99Us} µs (high values mean the generator, not the target, saturated)`,
    );
}

/** Microseconds one RS256 verification of `token` takes here (key parsed once, as the gateway does). */
async function rs256VerifyUs(token: string, publicKeyPem: string): Promise<number> {
  const { createPublicKey } = await import("node:crypto");
  const { verifyRsa } = await import("../src/identity/index.ts");
  const key = createPublicKey(publicKeyPem);
  const dot = token.lastIndexOf(".");
  const input = token.slice(0, dot);
  const signature = Buffer.from(token.slice(dot + 1), "base64url");
  for (let i = 0; i < 200; i += 1) verifyRsa(key, "RS256", input, signature); // warm-up
  const rounds = 2000;
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) verifyRsa(key, "RS256", input, signature);
  return Number(process.hrtime.bigint() - started) / 1000 / rounds;
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
  const bareProxy = await startWorker({ role: "bare", upstreamUrl: upstream.url });
  const bareJwtProxy = await startWorker({
    role: "bare",
    upstreamUrl: upstream.url,
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
    const bare = wanted("bare") ? await measure("bare proxy", bareProxy.url, "/x") : undefined;
    const bareJwt = wanted("bare")
      ? await measure("bare proxy + RS256 verify", bareJwtProxy.url, "/x", {
          authorization: `Bearer ${token}`,
        })
      : undefined;
    row("raw upstream", raw);
    row("gateway, no plugins", plain);
    row("gateway, RS256 jwt", jwt);
    row("bare proxy", bare);
    row("bare + RS256 verify", bareJwt);
    if (raw && plain && jwt)
      printRatios({ raw, plain, jwt, bare, bareJwt }, await rs256VerifyUs(token, issuer.publicKeyPem));
  } finally {
    await Promise.all(
      [gateway, bareProxy, bareJwtProxy, upstream].map((started) => started.worker.terminate()),
    );
  }
  process.exit(0);
}

if (isMainThread) await main();
else await runWorker(workerData as Role);
