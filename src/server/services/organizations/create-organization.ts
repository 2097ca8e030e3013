import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";

export type TCreateOrganizationOptions = { db: Db; principal: TPrincipal | null; name: string; slug: string };

export async function createOrganization({ db, principal, name, slug }: TCreateOrganizationOptions) {
  return db.$transaction(async (tx) => {
    if (await tx.organization.findUnique({ where: { slug }, select: { id: true } })) {
      throw AppError.forFields("CONFLICT", [{ field: "slug", message: `an organization with slug "${slug}" already exists`, params: { reason: "slug_taken", slug } }]);
    }
    const organization = await tx.organization.create({ data: { name, slug } });
    await recordAudit(tx, {
      principal,
      organizationId: organization.id,
      action: "organization.create",
      targetType: "organization",
      targetId: organization.id,
      diff: { name, slug },
    });
    return organization;
  });
}
