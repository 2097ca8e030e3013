import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { labSettingsSelect, type TLabSettings } from "@/server/domain/lab-settings";
import { recordAudit } from "@/server/services/audit/record-audit";
import { applyRecommendedTriggers } from "@/server/services/triggers/enable-recommended-triggers";

export type TCreateLabOptions = {
  db: Db;
  principal: TPrincipal | null;
  organizationId: string;
  name: string;
  slug: string;
  settings?: Partial<Omit<TLabSettings, "name">>;
  /**
   * Start with the recommended triggers on (transactional, on the channels the
   * platform's default accounts serve), so a lab made for real can send at once.
   * Off for fixtures and the demo seed, which choose their triggers themselves.
   */
  recommendedTriggers?: boolean;
};

export async function createLab({ db, principal, organizationId, name, slug, settings = {}, recommendedTriggers = false }: TCreateLabOptions) {
  return db.$transaction(async (tx) => {
    if (!(await tx.organization.findUnique({ where: { id: organizationId }, select: { id: true } }))) {
      throw new AppError("NOT_FOUND", "organization not found", "organizationId");
    }
    if (await tx.lab.findUnique({ where: { slug }, select: { id: true } })) {
      throw AppError.forFields("CONFLICT", [{ field: "slug", message: `a lab with slug "${slug}" already exists`, params: { reason: "slug_taken", slug } }]);
    }
    const lab = await tx.lab.create({ data: { organizationId, name, slug, ...settings }, select: labSettingsSelect });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId,
      action: "lab.create",
      targetType: "lab",
      targetId: lab.id,
      diff: { name, slug, ...settings },
    });
    const triggers = recommendedTriggers ? await applyRecommendedTriggers(tx, { principal, labId: lab.id }) : null;
    return { ...lab, triggersEnabled: triggers?.enabled ?? [], accountChannels: triggers?.accountChannels ?? [] };
  });
}
