import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { ShadowgateError, type ExitCode } from "../errors.ts";
import { printLine } from "./output.ts";

interface MintFlags {
  org: string;
  pipeline: string;
  branch?: string;
  tag?: string;
  commit?: string;
  step?: string;
  build?: string;
  job?: string;
  audience?: string;
  lifetime?: string;
  claim: string[];
  issuer?: string;
  key?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerToken(program: Command, setExit: (code: ExitCode) => void): void {
  const token = program.command("token").description("Mint or decode Buildkite-OIDC-shaped tokens");
  token
    .command("mint")
    .description("Print one compact RS256 token shaped like `buildkite-agent oidc request-token` output")
    .requiredOption("--org <slug>", "organization slug")
    .requiredOption("--pipeline <slug>", "pipeline slug")
    .option("--branch <name>", "build branch (default main)")
    .option("--tag <name>", "build tag: sub uses refs/tags/<tag>")
    .option("--commit <sha>", "build commit")
    .option("--step <key>", "step key (sub ends in :step: when absent)")
    .option("--build <number>", "build number")
    .option("--job <uuid>", "job id (random by default)")
    .option("--audience <aud>", "aud (default https://buildkite.com/<org>)")
    .option("--lifetime <seconds>", "lifetime, at most 7200 (default 300)")
    .option("--claim <name=value>", "optional claim, repeatable", collect, [])
    .option("--issuer <url>", "iss (default https://agent.buildkite.com)")
    .option("--key <file>", "PEM private key to sign with (default: an ephemeral key, public key on stderr)")
    .action(async (flags: MintFlags) => {
      const { mintFromOptions } = await import("../identity/mint-options.ts");
      const minted = mintFromOptions({
        organization: flags.org,
        pipeline: flags.pipeline,
        claims: flags.claim,
        ...optional("branch", flags.branch),
        ...optional("tag", flags.tag),
        ...optional("commit", flags.commit),
        ...optional("step", flags.step),
        ...optional("jobId", flags.job),
        ...optional("audience", flags.audience),
        ...optional("issuer", flags.issuer),
        ...(flags.build === undefined ? {} : { buildNumber: integer("--build", flags.build) }),
        ...(flags.lifetime === undefined ? {} : { lifetimeSec: integer("--lifetime", flags.lifetime) }),
        ...(flags.key === undefined ? {} : { privateKeyPem: readKey(flags.key) }),
      });
      printLine(minted.token);
      if (flags.key === undefined)
        process.stderr.write(
          `ephemeral signing key (kid ${minted.kid}); trust it with:\n${minted.publicKeyPem}`,
        );
      setExit(0);
    });
  token
    .command("decode")
    .description("Print a token's header and claims WITHOUT verifying its signature")
    .argument("<token>", "compact JWS")
    .action(async (raw: string) => {
      const { decodeToken } = await import("../identity/decode.ts");
      const { header, payload } = decodeToken(raw);
      printLine(JSON.stringify({ verified: false, header, claims: payload }, null, 2));
      setExit(0);
    });
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function integer(flag: string, value: string): number {
  if (!/^-?\d+$/.test(value))
    throw new ShadowgateError("SG_USAGE", `${flag} ${value}: expected a whole number`);
  return Number(value);
}

function readKey(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    throw new ShadowgateError("SG_FILE_NOT_FOUND", `cannot read key ${file}`, { cause });
  }
}
