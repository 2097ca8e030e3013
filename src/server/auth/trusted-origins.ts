import type { TEnv } from "@/server/env";

/** Herald's public URL: HERALD_BASE_URL, else the local server on PORT. */
export function baseUrl(e: TEnv): string {
  return e.HERALD_BASE_URL ?? `http://localhost:${e.PORT}`;
}

/** The origins of Herald's own pages: the public URL's, and the local server's by either loopback name. */
export function trustedOrigins(e: TEnv): string[] {
  return [...new Set([new URL(baseUrl(e)).origin, `http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`])];
}

// better-auth's session cookie, with the __Secure- prefix it takes over https.
const SESSION_COOKIE = /^(__Secure-)?better-auth\.session_token$/;

/** Whether the request carries a staff session cookie (valid or not). */
export function hasSessionCookie(headers: Headers): boolean {
  return (headers.get("cookie") ?? "").split(";").some((pair) => SESSION_COOKIE.test(pair.split("=", 1)[0]!.trim()));
}

/**
 * Why a change carried by a session cookie must be refused, or undefined: the browser attaches the
 * cookie whatever site makes the request, so only Herald's own pages (their Origin) may use it to
 * change anything. Browsers send Origin with every POST; its absence means a non-browser client,
 * which should present an API key instead.
 */
export function foreignOriginProblem(headers: Headers, origins: string[]): string | undefined {
  const origin = headers.get("origin");
  if (!origin) return `origin: a change made with a session cookie needs the Origin header of ${origins[0]}`;
  if (!origins.includes(origin)) return `origin: expected ${origins[0]}, not ${origin}, for a change made with a session cookie`;
  return undefined;
}
