import { z } from "zod";
import { Duration } from "./duration.ts";

/**
 * Scenario format v1. The JSON Schema published for editors (`shadowgate schema`) is generated from this,
 * so descriptions here are what users see on hover.
 */
const UrlPath = z.string().regex(/^\//, "expected a path starting with /");
const HttpMethod = z
  .string()
  .regex(/^[A-Z]+$/, "expected an upper-case HTTP method such as GET or POST")
  .default("GET");

export const IdentitySchema = z
  .strictObject({
    issuer: z.url().default("https://agent.buildkite.com").describe("`iss` of minted tokens"),
    organization: z.string().min(1).describe("Buildkite organization slug the captured jobs belong to"),
    audience: z.string().min(1).optional().describe("`aud`; default https://buildkite.com/{organization}"),
    lifetime: Duration.prefault(300).describe("Token lifetime; Buildkite's default is 300 s, at most 7200 s"),
    swapCredentials: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "`key` of the Kong jwt_secrets whose rsa_public_key is swapped for the harness key; default: every RS256 credential",
      ),
    jwksPort: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .optional()
      .describe(
        "Loopback port of the run's JWKS/OpenID discovery server (for OIDC-capable gateways); default any free port",
      ),
    rotate: z
      .strictObject({
        at: Duration.describe("When the issuer switches to a new signing key, from the start of the replay"),
        probe: z
          .strictObject({ method: HttpMethod, path: UrlPath })
          .optional()
          .describe("A request to a jwt-protected route; default forged.request, else GET bench.route"),
      })
      .optional()
      .describe(
        "Key rotation mid-run: switch the minting key, push the config with the new key (POST /config), and check which tokens the gateway then accepts",
      ),
  })
  .describe("The Buildkite OIDC identity the harness impersonates");

export const TrafficSchema = z
  .strictObject({
    capture: z.string().min(1).describe("NDJSON capture file (docs/capture.md), relative to this scenario"),
    pacing: z
      .enum(["recorded", "rate", "max"])
      .default("recorded")
      .describe(
        "recorded: original timestamps ÷ speed; rate: fixed arrivals per second (open model); max: `lanes` concurrent lanes (closed model)",
      ),
    speed: z.number().positive().default(1).describe("Recorded pacing multiplier: 2 replays twice as fast"),
    rate: z.number().positive().optional().describe("Requests per second, for pacing: rate"),
    lanes: z.number().int().positive().max(10_000).default(16).describe("Concurrent lanes, for pacing: max"),
    onBadLine: z
      .enum(["stop", "skip"])
      .default("stop")
      .describe("A bad capture line stops the run (exit 2) or is skipped and counted"),
    tokens: z
      .strictObject({
        refresh: z
          .enum(["before-expiry", "on-401", "never"])
          .default("before-expiry")
          .describe(
            "When a job's client gets a new token: shortly before exp, after a 401 (then retries once), or never (expiry mid-job fails as live)",
          ),
      })
      .prefault({})
      .describe("The replayed jobs' token client policy"),
  })
  .refine((t) => t.pacing !== "rate" || t.rate !== undefined, {
    message: "pacing: rate needs `rate` (requests per second)",
    path: ["rate"],
  });

export const ForgedSchema = z.strictObject({
  request: z
    .strictObject({ method: HttpMethod, path: UrlPath })
    .describe("A request to a jwt-protected route; each forged token is sent with it"),
  cases: z
    .union([z.literal("all"), z.array(z.string().min(1)).min(1)])
    .describe("Forged-token case ids (`shadowgate forge --list`) or `all`"),
});

const BlockRouteFault = z
  .strictObject({
    type: z.literal("block-route"),
    id: z.string().min(1).optional().describe("Name used in check ids; default block-<route>"),
    route: z.string().min(1).describe("Kong route name (or id) to block"),
    at: Duration.describe("When to apply, from the start of the replay"),
    for: Duration.describe("How long the block lasts before the original config is restored"),
    status: z.number().int().min(400).max(599).default(503),
    message: z.string().optional(),
    probe: UrlPath.optional().describe("A path on the route to probe during and after the fault"),
  })
  .describe("Push a config with request-termination on the route through POST /config, then restore");

export const FaultSchema = z.discriminatedUnion("type", [BlockRouteFault]);

export const BenchSchema = z.strictObject({
  route: UrlPath.describe("Path on the jwt-protected route, loaded with a valid token"),
  baseline: UrlPath.describe("Path on a twin route without authentication, same upstream"),
  method: HttpMethod,
  duration: Duration.prefault(2).describe("Measured duration per series"),
  warmup: Duration.prefault(0.5).describe("Excluded from results"),
  connections: z.number().int().positive().max(1000).default(4),
});

export const ThresholdSchema = z
  .strictObject({
    series: z.enum(["baseline", "valid", "forged"]),
    stat: z.enum(["p50", "p90", "p99", "p999", "max", "rps"]),
    max: Duration.optional().describe("Upper bound for a latency stat"),
    min: z.number().nonnegative().optional().describe("Lower bound, for rps"),
  })
  .refine((t) => (t.max === undefined) !== (t.min === undefined), {
    message: "set exactly one of `max` (latency) or `min` (rps)",
  })
  .refine((t) => (t.stat === "rps") === (t.min !== undefined), {
    message: "`rps` takes `min`; latency stats take `max`",
  });

const AccessCaller = z.strictObject({
  pipeline: z.string().min(1),
  branch: z.string().min(1).default("main"),
});

const AccessRule = z.strictObject({
  pipeline: z.string().min(1),
  branch: z.string().min(1).optional().describe("Omit to allow every branch of the pipeline"),
});

export const AccessSchema = z
  .strictObject({
    callers: z.array(AccessCaller).min(1).describe("Pipelines (and branches) to mint tokens for"),
    routes: z
      .array(
        z.strictObject({
          route: z.string().min(1).describe("A name for the report (usually the Kong route name)"),
          request: z.strictObject({ method: HttpMethod, path: UrlPath }),
          allow: z.array(AccessRule).describe("Who may call it; every other caller must be refused"),
        }),
      )
      .min(1),
  })
  .describe("Access matrix: every caller is tried on every route; allowed ones must reach the upstream");

export const ScenarioSchema = z
  .strictObject({
    version: z.literal(1).describe("Scenario format version"),
    name: z.string().min(1),
    description: z.string().optional(),
    kong: z.string().min(1).describe("Kong declarative config under test (kong.yml), relative to this file"),
    identity: IdentitySchema,
    traffic: TrafficSchema,
    forged: ForgedSchema.optional(),
    access: AccessSchema.optional(),
    faults: z.array(FaultSchema).default([]),
    bench: BenchSchema.optional(),
    thresholds: z.array(ThresholdSchema).default([]),
  })
  .describe("A shadowgate scenario: one Kong config, the traffic to replay, and what ready means")
  .superRefine((scenario, ctx) => {
    const rotate = scenario.identity.rotate;
    if (!rotate) return;
    if (!rotate.probe && !scenario.forged && !scenario.bench)
      ctx.addIssue({
        code: "custom",
        path: ["identity", "rotate"],
        message:
          "set `probe` (or a `forged` or `bench` section) so rotation has a jwt-protected request to send",
      });
    // A fault's revert pushes the pre-rotation config back, so rotation must come after every fault.
    const lastFaultEnd = Math.max(0, ...scenario.faults.map((f) => f.at + f.for));
    if (scenario.faults.length > 0 && rotate.at < lastFaultEnd + ROTATION_AFTER_FAULTS_MS)
      ctx.addIssue({
        code: "custom",
        path: ["identity", "rotate", "at"],
        message: `must be at least ${ROTATION_AFTER_FAULTS_MS / 1000} s after the last fault ends (${lastFaultEnd / 1000} s): a fault's revert pushes the pre-rotation config back`,
      });
  });

/** Margin between the last fault's revert push (and its probe) and the rotation's own push. */
const ROTATION_AFTER_FAULTS_MS = 500;

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type FaultSpec = z.output<typeof FaultSchema>;
export type ThresholdSpec = z.output<typeof ThresholdSchema>;
export type BenchSpec = z.output<typeof BenchSchema>;
export type AccessSpec = z.output<typeof AccessSchema>;

export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://shadowgate.dev/schema/scenario-v1.json",
    ...z.toJSONSchema(ScenarioSchema, { io: "input", target: "draft-2020-12" }),
  };
}
