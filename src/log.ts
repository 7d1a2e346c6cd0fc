/** Progress and diagnostics go to stderr through this; library code never writes to the console. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, debug() {} };

export function stderrLogger(options: { verbose?: boolean } = {}): Logger {
  const write = (prefix: string, message: string): void => {
    process.stderr.write(`${prefix}${message}\n`);
  };
  return {
    info: (m) => write("", m),
    warn: (m) => write("warning: ", m),
    debug: (m) => {
      if (options.verbose) write("debug: ", m);
    },
  };
}
