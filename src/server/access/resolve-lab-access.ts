import type { Db } from "@/server/db";
import { labAccessWhere } from "@/server/access/lab-access-where";
import type { TLabRole, TPrincipal } from "@/server/access/principal";
import type { Lab } from "@/generated/prisma/client";

export type TLabAccess = { lab: Lab; role: TLabRole };

/** The lab with the caller's role in it, or null when the caller may not see it. */
export async function resolveLabAccess(db: Db, principal: TPrincipal, labId: string): Promise<TLabAccess | null> {
  const lab = await db.lab.findFirst({
    where: { AND: [{ id: labId }, labAccessWhere(principal)] },
    include: principal.kind === "user" ? { memberships: { where: { userId: principal.userId }, take: 1 } } : undefined,
  });
  if (!lab) return null;
  const { memberships, ...rest } = lab as Lab & { memberships?: { role: "LAB_ADMIN" | "LAB_STAFF" }[] };
  return { lab: rest, role: roleOf(principal, memberships?.[0]?.role) };
}

/** A caller's role in a lab, from their principal and (for staff) their membership there. */
export function roleOf(principal: TPrincipal, membershipRole: "LAB_ADMIN" | "LAB_STAFF" | undefined): TLabRole {
  if (principal.kind === "apiKey") return "API_KEY";
  if (principal.isPlatformAdmin) return "PLATFORM_ADMIN";
  return membershipRole ?? "LAB_STAFF";
}
