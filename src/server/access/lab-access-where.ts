import type { Prisma } from "@/generated/prisma/client";
import type { TPrincipal } from "@/server/access/principal";

/** The labs a principal may touch, as a where clause, so every query carries it. */
export function labAccessWhere(principal: TPrincipal): Prisma.LabWhereInput {
  if (principal.kind === "user") {
    return principal.isPlatformAdmin ? {} : { memberships: { some: { userId: principal.userId } } };
  }
  if (principal.labId) return { id: principal.labId };
  if (principal.organizationId) return { organizationId: principal.organizationId };
  return { id: { in: [] } };
}
