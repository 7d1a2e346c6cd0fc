/** npm run bench — every benchmark script, one after another, each printing its own ratios. */
import { spawnSync } from "node:child_process";

for (const script of ["bench/gateway.ts", "bench/replay.ts", "bench/mirror.ts"]) {
  console.log(`\n== ${script}`);
  const result = spawnSync(process.execPath, [script], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
