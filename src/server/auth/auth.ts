import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { resolveSecret } from "@/server/auth/secret";
import { baseUrl, trustedOrigins } from "@/server/auth/trusted-origins";
import { SIGN_IN_PATH, signInThrottleHooks } from "@/server/auth/sign-in-hooks";

function createAuth() {
  const e = env();
  const baseURL = baseUrl(e);
  return betterAuth({
    appName: "Herald",
    baseURL,
    secret: resolveSecret(e),
    database: prismaAdapter(db(), { provider: "postgresql" }),
    // Staff accounts are created by invitation or the CLI, never by open sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 128 },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    user: { additionalFields: { isPlatformAdmin: { type: "boolean", input: false, defaultValue: false } } },
    telemetry: { enabled: false },
    advanced: { useSecureCookies: baseURL.startsWith("https://") },
    trustedOrigins: trustedOrigins(e),
    // Email sign-in is throttled in the database, per account and per client (sign-in-hooks.ts);
    // better-auth's own limiter keeps guarding the other endpoints, per process.
    hooks: signInThrottleHooks(e),
    rateLimit: { customRules: { [SIGN_IN_PATH]: false } },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { heraldAuth?: Auth };

export function auth(): Auth {
  globalForAuth.heraldAuth ??= createAuth();
  return globalForAuth.heraldAuth;
}
