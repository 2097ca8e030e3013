import type { Db } from "@/server/db";
import { labAccessWhere } from "@/server/access/lab-access-where";
import type { TLabRole, TPrincipal } from "@/server/access/principal";
import { roleOf } from "@/server/access/resolve-lab-access";

export type TAccessibleLab = {
  id: string;
  name: string;
  slug: string;
  organization: { id: string; name: string };
  role: TLabRole;
};

/** Every lab the caller may open, with their role in each, for the lab switcher. */
export async function listAccessibleLabs(db: Db, principal: TPrincipal): Promise<TAccessibleLab[]> {
  const labs = await db.lab.findMany({
    where: labAccessWhere(principal),
    orderBy: [{ organization: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true,
      name: true,
      slug: true,
      organization: { select: { id: true, name: true } },
      memberships: principal.kind === "user" ? { where: { userId: principal.userId }, select: { role: true } } : false,
    },
  });
  return labs.map(({ memberships, ...lab }) => ({
    ...lab,
    role: roleOf(principal, (memberships as { role: "LAB_ADMIN" | "LAB_STAFF" }[] | undefined)?.[0]?.role),
  }));
}
