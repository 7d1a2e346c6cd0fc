/**
 * First SIGINT/SIGTERM aborts the run gracefully (faults reverted, reports written as incomplete);
 * a second one exits at once with code 4.
 */
export function abortOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`shadowgate: second ${name}, exiting now\n`);
      process.exit(4);
    }
    process.stderr.write(`shadowgate: ${name} received, stopping cleanly (again to exit at once)\n`);
    controller.abort(new Error(name));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
