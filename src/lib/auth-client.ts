import { createAuthClient } from "better-auth/react";

// Same origin as the dashboard, so better-auth finds /api/auth by itself.
export const authClient = createAuthClient();

export type TSignInResult = { ok: true } | { ok: false; message: string };

/**
 * Email + password sign-in with messages for people: better-auth answers 401
 * for any bad credential and 429 (with X-Retry-After) after a few tries.
 */
export async function signInWithPassword(email: string, password: string): Promise<TSignInResult> {
  let retryAfter: string | null = null;
  const { error } = await authClient.signIn.email(
    { email, password },
    { onError: (context) => void (retryAfter = context.response.headers.get("X-Retry-After")) },
  );
  if (!error) return { ok: true };
  if (error.status === 401) return { ok: false, message: "Incorrect email or password." };
  if (error.status === 429) {
    const seconds = Number(retryAfter);
    const wait = Number.isFinite(seconds) && seconds > 0 ? `in ${Math.ceil(seconds)} seconds` : "in a moment";
    return { ok: false, message: `Too many sign-in attempts. Try again ${wait}.` };
  }
  return { ok: false, message: error.message ?? "Sign-in failed; try again." };
}
