import { generateKeyPairSync } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { request } from "undici";
import { beforeAll, describe, expect, it } from "vitest";
import { createIssuer } from "../../src/identity/index.ts";
import { importCapture } from "../../src/traffic/import/import-capture.ts";
import { startMirror } from "../../src/traffic/mirror/mirror.ts";
import { filesUnder, fixture, runScenarioFile, scenarioFor, tempDir } from "./support.ts";

const JWT_SHAPED = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/;
const PEM_PRIVATE = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

const issuer = createIssuer();
const token = issuer.mint({
  job: {
    organization: "acme-inc",
    pipeline: "web-frontend",
    buildNumber: 917,
    jobId: "019b7a40-0c11-4b2a-9e33-1a2b3c4d5e6f",
    stepKey: "deploy",
    branch: "feature/login",
    tag: null,
    commit: "4d2c1b0a99887766554433221100ffeeddccbbaa",
  },
});
const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
  type: "pkcs8",
  format: "pem",
}) as string;

/** A HAR that puts credentials everywhere a client might: header, cookie, ?jwt=, a custom header, the body. */
function hostileHar(file: string): void {
  const entry = (url: string, headers: [string, string][], body?: string) => ({
    startedDateTime: "2026-11-20T09:30:00.000Z",
    time: 3,
    request: {
      method: body ? "POST" : "GET",
      url,
      headers: headers.map(([name, value]) => ({ name, value })),
      ...(body ? { postData: { mimeType: "application/json", text: body } } : {}),
    },
    response: { status: 200 },
  });
  const har = {
    log: {
      version: "1.2",
      entries: [
        entry("https://api.acme.internal/artifacts/a", [["Authorization", `Bearer ${token}`]]),
        entry(`https://api.acme.internal/artifacts/b?jwt=${token}&x=1`, [["Cookie", `session=${token}`]]),
        entry(
          "https://api.acme.internal/deploy/staging",
          [
            ["X-CI-Token", token],
            ["Authorization", `Bearer ${token}`],
          ],
          JSON.stringify({ token, key: pem }),
        ),
      ],
    },
  };
  writeFileSync(file, JSON.stringify(har));
}

describe("no token or private key in any file the tool writes", () => {
  const dir = tempDir("sg-secrets-");
  const written: string[] = [];

  beforeAll(async () => {
    const har = path.join(dir, "hostile.har");
    hostileHar(har);
    const fromHar = path.join(dir, "out", "har.ndjson");
    const out = path.join(dir, "out");
    (await import("node:fs")).mkdirSync(out);
    await importCapture({ format: "har", files: [har], out: fromHar });
    await importCapture({
      format: "goreplay",
      files: [fixture("captures", "buildkite-jobs.gor")],
      out: path.join(out, "gor.ndjson"),
    });
    await importCapture({
      format: "har",
      files: [fixture("captures", "buildkite-jobs.har")],
      out: path.join(out, "har2.ndjson"),
    });
    // The mirror, with a shadow, fed requests that carry the token in every place.
    const upstream = createServer((req, res) => {
      req.resume();
      res.setHeader("x-echo-auth", String(req.headers.authorization ?? ""));
      res.end(`{"seen":"${String(req.headers.authorization ?? "")}"}`);
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const mirror = await startMirror({
      listen: { host: "127.0.0.1", port: 0 },
      primary: upstreamUrl,
      shadow: upstreamUrl,
      capture: path.join(out, "mirror.ndjson"),
      diff: path.join(out, "mirror-diff.ndjson"),
    });
    for (const [p, headers, body] of [
      ["/artifacts/a", { authorization: `Bearer ${token}` }, undefined],
      [`/artifacts/b?jwt=${token}`, { cookie: `s=${token}` }, undefined],
      ["/deploy/staging", { "x-ci-token": token }, JSON.stringify({ token, key: pem })],
    ] as const) {
      const res = await request(`${mirror.url}${p}`, {
        method: body ? "POST" : "GET",
        headers,
        ...(body ? { body } : {}),
      });
      await res.body.dump();
    }
    await mirror.stop();
    upstream.close();
    // A full run whose reports include body excerpts and the diff.
    await runScenarioFile(
      scenarioFor(dir, path.join(out, "har2.ndjson"), "secrets-scan"),
      path.join(out, "reports"),
    );
    written.push(...filesUnder(out));
  }, 60_000);

  it("wrote captures, diff files and reports", () => {
    const names = written.map((f) => path.basename(f));
    expect(names).toEqual(
      expect.arrayContaining([
        "har.ndjson",
        "gor.ndjson",
        "mirror.ndjson",
        "mirror-diff.ndjson",
        "result.json",
        "summary.md",
      ]),
    );
  });

  it("none of them holds a JWT-shaped string or a PEM private key", () => {
    for (const file of written) {
      const text = readFileSync(file, "utf8");
      expect(JWT_SHAPED.test(text), file).toBe(false);
      expect(PEM_PRIVATE.test(text), file).toBe(false);
    }
  });

  it("kept what identifies the credentials: descriptors with alg, kid and expiry", () => {
    const first = JSON.parse(readFileSync(path.join(dir, "out", "har.ndjson"), "utf8").split("\n")[0]!);
    expect(first.auth[0]).toMatchObject({
      from: "authorization",
      token: { kind: "jwt", alg: "RS256", kid: issuer.kid },
    });
    expect(first.auth[0].token.exp).toBeTypeOf("number");
  });
});
