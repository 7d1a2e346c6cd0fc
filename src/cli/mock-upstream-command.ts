import type { Command } from "commander";
import type { ExitCode } from "../errors.ts";
import { parseListen } from "./gateway-command.ts";
import { printLine } from "./output.ts";
import { abortOnSignals } from "./signals.ts";

/** `shadowgate mock-upstream`: the mock upstream on its own (docker-compose.yml runs it as a service). */
export function registerMockUpstream(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("mock-upstream")
    .description("Serve the harness's mock upstream on its own: 200 + JSON naming the Host and path")
    .option("--listen <host:port>", "listen address", "127.0.0.1:8080")
    .action(async (flags: { listen: string }) => {
      const signals = abortOnSignals();
      const { startMockUpstreamServer } = await import("../targets/mock-upstream-server.ts");
      const server = await startMockUpstreamServer(parseListen(flags.listen, "--listen"));
      printLine(JSON.stringify({ mockUpstream: server.url }));
      await new Promise<void>((resolve) =>
        signals.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      await server.close();
      signals.dispose();
      setExit(0);
    });
}
