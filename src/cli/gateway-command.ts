import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { ShadowgateError, type ExitCode } from "../errors.ts";
import { EMBEDDED_GATEWAY_LIMITATIONS } from "../gateway/limitations.ts";
import { stderrLogger } from "../log.ts";
import { printLine } from "./output.ts";
import { abortOnSignals } from "./signals.ts";

interface GatewayFlags {
  config: string;
  proxyListen: string;
  adminListen: string;
}

export function registerGateway(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("gateway")
    .description("Run the embedded Kong-compatible gateway on its own (DB-less, Admin API for POST /config)")
    .requiredOption("--config <kong.yml>", "Kong declarative config (_format_version 3.0)")
    .option("--proxy-listen <host:port>", "proxy listen address", "127.0.0.1:8000")
    .option("--admin-listen <host:port>", "Admin API listen address", "127.0.0.1:8001")
    .addHelpText("after", `\n${EMBEDDED_GATEWAY_LIMITATIONS}`)
    .action(async (flags: GatewayFlags) => {
      const proxyListen = parseListen(flags.proxyListen, "--proxy-listen");
      const adminListen = parseListen(flags.adminListen, "--admin-listen");
      let text: string;
      try {
        text = readFileSync(flags.config, "utf8");
      } catch (cause) {
        throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read ${flags.config}`, { cause });
      }
      const { startEmbeddedGateway } = await import("../gateway/index.ts");
      const signals = abortOnSignals();
      try {
        await using gateway = await startEmbeddedGateway({
          config: text,
          source: flags.config,
          proxyListen,
          adminListen,
          logger: stderrLogger(),
        });
        // Machine-readable on stdout (other tools start this and read the URLs), progress on stderr.
        printLine(
          JSON.stringify({
            proxyUrl: gateway.proxyUrl,
            adminUrl: gateway.adminUrl,
            version: gateway.version,
          }),
        );
        process.stderr.write(
          `shadowgate gateway: proxy ${gateway.proxyUrl}, admin ${gateway.adminUrl}; Ctrl-C stops\n`,
        );
        await new Promise<void>((resolve) =>
          signals.signal.addEventListener("abort", () => resolve(), { once: true }),
        );
      } finally {
        signals.dispose();
      }
      setExit(0);
    });
}

export function parseListen(value: string, flag: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match?.[1] || port > 65535)
    throw new ShadowgateError("SG_USAGE", `${flag} ${value}: expected HOST:PORT, e.g. 127.0.0.1:8000`);
  return { host: match[1], port };
}
