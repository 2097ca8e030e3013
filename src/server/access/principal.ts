/** Who is calling: a signed-in staff user or an internal client's API key. */
export type TPrincipal =
  | { kind: "user"; userId: string; email: string; name: string; isPlatformAdmin: boolean }
  | { kind: "apiKey"; apiKeyId: string; labId: string | null; organizationId: string | null };

/** A caller's role in one lab; API keys have their own role with no admin rights. */
export type TLabRole = "PLATFORM_ADMIN" | "LAB_ADMIN" | "LAB_STAFF" | "API_KEY";

export const ADMIN_ROLES: ReadonlySet<TLabRole> = new Set(["PLATFORM_ADMIN", "LAB_ADMIN"]);

/** The actor columns of an audit entry. */
export function actorOf(principal: TPrincipal | null): { actorType: string; actorId: string | null } {
  if (!principal) return { actorType: "system", actorId: null };
  return principal.kind === "user"
    ? { actorType: "user", actorId: principal.userId }
    : { actorType: "apiKey", actorId: principal.apiKeyId };
}
