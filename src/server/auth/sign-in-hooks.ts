import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { db } from "@/server/db";
import type { TEnv } from "@/server/env";
import { clientAddress } from "@/server/auth/client-address";
import { beginSignInAttempt, refundSignInAttempt, throttleKeys } from "@/server/auth/sign-in-throttle";

/** The endpoint the throttle guards (better-auth's own limiter is switched off there). */
export const SIGN_IN_PATH = "/sign-in/email";

type THookContext = { path?: string; body?: unknown; headers?: Headers };

const keysOf = (ctx: THookContext, e: TEnv) =>
  throttleKeys((ctx.body as { email?: unknown } | undefined)?.email, clientAddress(ctx.headers ?? new Headers(), e.TRUSTED_PROXY_COUNT));

/**
 * better-auth hooks around email sign-in: before the password is checked, the attempt is charged
 * to the throttle or refused with 429 and X-Retry-After (which the login form shows); after a
 * success, the charge is refunded. See sign-in-throttle.ts for the policy.
 */
export function signInThrottleHooks(e: TEnv) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH) return;
      const decision = await beginSignInAttempt(db(), keysOf(ctx, e));
      if (!decision.allowed) {
        throw new APIError(
          "TOO_MANY_REQUESTS",
          { message: `Too many sign-in attempts; try again in ${decision.retryAfterSeconds} seconds.` },
          { "X-Retry-After": String(decision.retryAfterSeconds) },
        );
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (ctx.path !== SIGN_IN_PATH || isAPIError(ctx.context.returned)) return;
      await refundSignInAttempt(db(), keysOf(ctx, e));
    }),
  };
}
