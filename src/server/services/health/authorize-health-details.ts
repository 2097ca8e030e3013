import { createHash, timingSafeEqual } from "node:crypto";
import type { TEnv } from "@/server/env";

export type THealthAccess = { ok: true } | { ok: false; status: 401 | 403; error: string };

// Digests first: timingSafeEqual needs equal lengths, and comparing digests leaks neither length nor content.
const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Constant-time comparison of a presented token with HEALTH_TOKEN. */
export function healthTokenMatches(presented: string, expected: string | undefined): boolean {
  return expected !== undefined && timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The detailed health report is for monitoring (`Authorization: Bearer $HEALTH_TOKEN`) and platform
 * admins (their staff session); anyone else learns nothing about Herald's internals.
 */
export async function authorizeHealthDetails(headers: Headers, e: TEnv): Promise<THealthAccess> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ", 2);
    if (scheme?.toLowerCase() === "bearer" && token && healthTokenMatches(token.trim(), e.HEALTH_TOKEN)) return { ok: true };
    return { ok: false, status: 401, error: "authorization: expected Bearer and the HEALTH_TOKEN" };
  }
  const { auth } = await import("@/server/auth/auth");
  const session = await auth().api.getSession({ headers });
  if (!session) return { ok: false, status: 401, error: "sign in as a platform admin or present the HEALTH_TOKEN" };
  if (!(session.user as { isPlatformAdmin?: boolean }).isPlatformAdmin) return { ok: false, status: 403, error: "the health details are for platform admins" };
  return { ok: true };
}
