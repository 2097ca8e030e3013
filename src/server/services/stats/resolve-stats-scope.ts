import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { resolveLabAccess } from "@/server/access/resolve-lab-access";
import { AppError } from "@/server/errors";

export type TStatsLab = { id: string; name: string; timezone: string };

export type TStatsScope = {
  kind: "lab" | "organization";
  organizationId: string;
  labs: TStatsLab[];
};

export type TResolveStatsScopeOptions = {
  db: Db;
  principal: TPrincipal;
  target: { labId: string } | { organizationId: string };
};

const labColumns = { id: true, name: true, timezone: true } as const;

/**
 * The labs a statistics request covers. A lab: anyone with access to it. An organization: its
 * organization keys, platform admins, and staff who administer every one of its labs (there is no
 * organization role; administering all its labs is what running the organization means here).
 * A caller who reaches none of its labs gets NOT_FOUND, as for a lab, so organizations cannot be probed.
 */
export async function resolveStatsScope({ db, principal, target }: TResolveStatsScopeOptions): Promise<TStatsScope> {
  if ("labId" in target) {
    const access = await resolveLabAccess(db, principal, target.labId);
    if (!access) throw new AppError("NOT_FOUND", "lab not found", "labId");
    const { id, name, timezone, organizationId } = access.lab;
    return { kind: "lab", organizationId, labs: [{ id, name, timezone }] };
  }
  const { organizationId } = target;
  const notFound = new AppError("NOT_FOUND", "organization not found", "organizationId");
  const forbidden = (why: string) => new AppError("FORBIDDEN", why, "organizationId");
  const labs = await db.lab.findMany({ where: { organizationId }, select: labColumns, orderBy: { name: "asc" } });
  if (principal.kind === "apiKey") {
    if (principal.organizationId === organizationId) return { kind: "organization", organizationId, labs };
    if (principal.labId && labs.some((lab) => lab.id === principal.labId)) throw forbidden("the organization's figures need an organization key");
    throw notFound;
  }
  if (principal.isPlatformAdmin) {
    if (labs.length === 0 && !(await db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) throw notFound;
    return { kind: "organization", organizationId, labs };
  }
  const memberships = await db.membership.findMany({ where: { userId: principal.userId, lab: { organizationId } }, select: { role: true } });
  if (memberships.length === 0) throw notFound;
  if (memberships.length < labs.length || memberships.some((m) => m.role !== "LAB_ADMIN")) {
    throw forbidden("the organization's figures need a lab admin of each of its labs");
  }
  return { kind: "organization", organizationId, labs };
}
