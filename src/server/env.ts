import { z } from "zod";

const ZBool = z
  .enum(["1", "0", "true", "false", ""])
  .transform((v) => v === "1" || v === "true");

const ZPostgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL");

export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: ZPostgresUrl.optional(),
  HERALD_DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HERALD_BASE_URL: z.url({ message: "expected an absolute http(s) URL" }).optional(),
  HERALD_SECRET: z.string().min(32, "expected at least 32 characters").optional(),
  HERALD_SEED_DEMO: ZBool.optional(),
  // 32 random bytes, base64: encrypts provider credentials at rest (AES-256-GCM).
  HERALD_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "expected 32 bytes, base64-encoded (openssl rand -base64 32)")
    .optional(),
  // Earlier keys, comma-separated base64, kept only to decrypt what they sealed until
  // `npm run herald -- reencrypt-accounts` has moved everything to HERALD_ENCRYPTION_KEY.
  HERALD_ENCRYPTION_KEYS_OLD: z
    .string()
    .refine(
      (v) => v.split(",").every((k) => Buffer.from(k.trim(), "base64").length === 32),
      "expected comma-separated keys of 32 bytes each, base64-encoded",
    )
    .optional(),
  // Lets labs choose the sandbox provider in production (it never reaches a real recipient).
  HERALD_ALLOW_SANDBOX: ZBool.optional(),
  // Bearer token for /api/health/details (monitoring); platform admins may use their session instead.
  HEALTH_TOKEN: z.string().min(32, "expected at least 32 characters").optional(),
  // Reverse proxies in front of Herald that append to X-Forwarded-For; 0 means clients connect directly.
  TRUSTED_PROXY_COUNT: z.coerce.number().int().min(0, "expected 0 or more proxy hops").max(10, "expected at most 10 proxy hops").default(0),
  JOBS_BACKEND: z.enum(["auto", "inngest", "local"]).default("auto"),
  JOBS_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  // Under Kubernetes' default 30 s grace period: the drain ends before the platform's SIGKILL.
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(10 * 60_000).default(25_000),
  INNGEST_EVENT_KEY: z.string().min(1).optional(),
  INNGEST_SIGNING_KEY: z.string().min(1).optional(),
  INNGEST_DEV: z.string().min(1).optional(),
  INNGEST_BASE_URL: z.url().optional(),
  // Every provider's API at `${url}/<provider id>`: how the embedded default and the tests reach the simulator.
  PROVIDER_SIMULATOR_URL: z.url({ message: "expected an absolute http(s) URL" }).optional(),
  // Per-provider API origins, "twilio=https://...,resend=https://...": a platform setting, never a lab's.
  PROVIDER_BASE_URLS: z
    .string()
    .regex(/^\s*[a-z0-9_-]+=https?:\/\/[^,\s]+(\s*,\s*[a-z0-9_-]+=https?:\/\/[^,\s]+)*\s*$/, "expected provider=url pairs separated by commas")
    .optional(),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  // Hosts generic HTTP vendors may be on ("api.exacall.example,*.vendor.example"): a lab can call no other.
  GENERIC_HTTP_ALLOWED_HOSTS: z
    .string()
    .regex(/^\s*(\*\.)?[a-z0-9.-]+\.[a-z]{2,}(\s*,\s*(\*\.)?[a-z0-9.-]+\.[a-z]{2,})*\s*$/i, "expected host names separated by commas, e.g. api.exacall.example,*.vendor.example")
    .optional(),
  // Messages a second every campaign of a lab shares, unless the lab's CampaignPace row says otherwise.
  CAMPAIGN_RATE_PER_SECOND: z.coerce.number().min(0.1, "expected at least 0.1 messages a second").max(1000, "expected at most 1000 messages a second").default(20),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TEnv = z.infer<typeof ZEnv>;

export class EnvError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; an invalid or missing variable throws naming it. */
export function parseEnv(source: Record<string, string | undefined>): TEnv {
  // Empty strings in .env files mean "unset".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = ZEnv.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}

let cached: TEnv | undefined;

/** Forgets the parsed environment, so the next env() reads process.env again (tests, tools that set variables). */
export function resetEnv(): void {
  cached = undefined;
}

/** The validated process environment, parsed once. */
export function env(): TEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Herald's public origin: invitation links, trusted origin, and the webhook URLs providers call and sign. */
export function publicBaseUrl(e: TEnv = env()): string {
  return (e.HERALD_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
}

/** Inngest runs the jobs when chosen explicitly or when its keys are present. */
export function jobsBackend(e: TEnv = env()): "inngest" | "local" {
  if (e.JOBS_BACKEND !== "auto") return e.JOBS_BACKEND;
  return e.INNGEST_EVENT_KEY || e.INNGEST_DEV ? "inngest" : "local";
}
