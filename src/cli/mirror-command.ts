import type { Command } from "commander";
import { ShadowgateError, type ExitCode } from "../errors.ts";
import { parseListen } from "./gateway-command.ts";
import { printLine } from "./output.ts";
import { abortOnSignals } from "./signals.ts";

interface MirrorFlags {
  listen: string;
  primary: string;
  shadow?: string;
  capture: string;
  diff?: string;
  identity?: string;
  credentialHeader: string[];
  ignoreHeader: string[];
  maxBody: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerMirror(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("mirror")
    .description(
      "Tee proxy: answer from the primary unchanged, copy each request to the shadow, record a capture (and the primary-vs-shadow diff)",
    )
    .requiredOption("--listen <host:port>", "listen address, e.g. 127.0.0.1:9000")
    .requiredOption("--primary <url>", "origin that answers clients (production path)")
    .option("--shadow <url>", "origin that gets a copy of every request (the gateway under test)")
    .requiredOption("--capture <file>", "capture file to write (NDJSON, docs/capture.md)")
    .option("--diff <file>", "primary-vs-shadow outcome per request (NDJSON; needs --shadow)")
    .option("--identity <map.yaml>", "identity map for requests without a Buildkite token")
    .option("--credential-header <name>", "another header that carries a credential, repeatable", collect, [])
    .option("--ignore-header <name>", "another response header that always differs, repeatable", collect, [])
    .option("--max-body <bytes>", "request body cap in the capture", "65536")
    .action(async (flags: MirrorFlags) => {
      const listen = parseListen(flags.listen, "--listen");
      if (flags.diff && !flags.shadow) throw new ShadowgateError("SG_USAGE", "--diff needs --shadow");
      for (const [flag, url] of [
        ["--primary", flags.primary],
        ["--shadow", flags.shadow],
      ] as const)
        if (url !== undefined && !URL.canParse(url))
          throw new ShadowgateError(
            "SG_USAGE",
            `${flag} ${url}: expected a URL such as http://127.0.0.1:8000`,
          );
      const { startMirror } = await import("../traffic/mirror/mirror.ts");
      const { loadIdentityMap } = await import("../traffic/identity-map.ts");
      const signals = abortOnSignals();
      try {
        const mirror = await startMirror({
          listen,
          primary: flags.primary,
          shadow: flags.shadow,
          capture: flags.capture,
          diff: flags.diff,
          credentialHeaders: flags.credentialHeader,
          ignoreHeaders: flags.ignoreHeader,
          maxBodyBytes: Number(flags.maxBody),
          ...(flags.identity ? { identity: loadIdentityMap(flags.identity) } : {}),
        });
        printLine(JSON.stringify({ url: mirror.url }));
        process.stderr.write(
          `shadowgate mirror: ${mirror.url} → ${flags.primary}${flags.shadow ? ` (+ ${flags.shadow})` : ""}; Ctrl-C stops\n`,
        );
        await new Promise<void>((resolve) =>
          signals.signal.addEventListener("abort", () => resolve(), { once: true }),
        );
        // Stop accepting, let in-flight requests and shadow copies finish, flush every record.
        const stats = await mirror.stop();
        printLine(JSON.stringify(stats.diff ? { ...stats, diff: stats.diff.totals } : stats));
      } finally {
        signals.dispose();
      }
      setExit(0);
    });
}
