import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";

export const partnerFieldsSelect = {
  id: true,
  labId: true,
  name: true,
  type: true,
  externalId: true,
  timezone: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.PartnerSelect;

export const partnerContactSelect = {
  id: true,
  channels: true,
  triggers: true,
  contact: {
    select: {
      id: true,
      name: true,
      phone: true,
      whatsapp: true,
      email: true,
      language: true,
      consents: { select: { channel: true, status: true, source: true, at: true }, orderBy: { channel: "asc" } },
    },
  },
} satisfies Prisma.PartnerContactSelect;

export const partnerRuleSelect = {
  triggerKey: true,
  channels: true,
  notifyPatient: true,
  delivery: true,
  digestAt: true,
  digestWindowMinutes: true,
  updatedAt: true,
} satisfies Prisma.PartnerRuleSelect;

export const partnerSelect = {
  ...partnerFieldsSelect,
  contacts: { select: partnerContactSelect, orderBy: { createdAt: "asc" } },
  rules: { select: partnerRuleSelect, orderBy: { triggerKey: "asc" } },
} satisfies Prisma.PartnerSelect;

type TClient = Db | Prisma.TransactionClient;

/** One partner of the lab with its contacts and rules, or NOT_FOUND: another lab's partner does not exist here. */
export async function findPartner(db: TClient, labId: string, partnerId: string) {
  const partner = await db.partner.findFirst({ where: { id: partnerId, labId }, select: partnerSelect });
  if (!partner) throw new AppError("NOT_FOUND", "no partner with this id in the lab", "partnerId");
  return partner;
}

/** A partner's external id is unique in its lab: a clash names the partner that has it, for the caller to resolve. */
export async function assertExternalIdFree(db: TClient, { labId, externalId, partnerId }: { labId: string; externalId: string | null | undefined; partnerId?: string }): Promise<void> {
  if (!externalId) return;
  const holder = await db.partner.findFirst({ where: { labId, externalId, ...(partnerId && { id: { not: partnerId } }) }, select: { name: true } });
  if (!holder) return;
  throw AppError.forFields("CONFLICT", [
    { field: "externalId", message: `another partner of this lab has this external id ("${externalId}" is ${holder.name}'s)`, params: { reason: "partner_external_id_taken", externalId, partner: holder.name } },
  ]);
}

/** The database's word on the same rule, for two saves racing past the check above. */
export function conflictOnPartnerExternalId(error: unknown): never {
  if (error instanceof Error && "code" in error && error.code === "P2002") throw new AppError("CONFLICT", "another partner of this lab has this external id", "externalId");
  throw error;
}
