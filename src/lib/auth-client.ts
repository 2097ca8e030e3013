import { createAuthClient } from "better-auth/react";

// Same origin as the dashboard, so better-auth finds /api/auth by itself.
export const authClient = createAuthClient();

/**
 * Why a sign-in failed, for the form to say in the viewer's language:
 * `credentials` for any bad email or password, `rateLimited` with the wait
 * the server asked for (null when it named none), else the server's message.
 */
export type TSignInResult =
  | { ok: true }
  | { ok: false; reason: "credentials" }
  | { ok: false; reason: "rateLimited"; retryAfterSeconds: number | null }
  | { ok: false; reason: "other"; message: string | null };

/** Email + password sign-in: better-auth answers 401 for any bad credential and 429 (with X-Retry-After) after a few tries. */
export async function signInWithPassword(email: string, password: string): Promise<TSignInResult> {
  let retryAfter: string | null = null;
  const { error } = await authClient.signIn.email(
    { email, password },
    { onError: (context) => void (retryAfter = context.response.headers.get("X-Retry-After")) },
  );
  if (!error) return { ok: true };
  if (error.status === 401) return { ok: false, reason: "credentials" };
  if (error.status === 429) {
    const seconds = Number(retryAfter);
    return { ok: false, reason: "rateLimited", retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null };
  }
  return { ok: false, reason: "other", message: error.message ?? null };
}
