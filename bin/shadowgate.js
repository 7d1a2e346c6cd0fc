#!/usr/bin/env node
/* global process */
// Entry shim: the CLI is TypeScript run by Node's built-in type stripping (Node >= 22.18, on by default).
// Checked here so an old Node gets a sentence instead of a syntax error.
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  process.stderr.write(
    `shadowgate needs Node >= 22.22 (this is ${process.version}). Install Node 24 LTS, or see README "Quick start".\n`,
  );
  process.exit(2);
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
