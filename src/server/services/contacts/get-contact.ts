import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";

/** A contact's own fields, without what hangs off it. */
export const contactFieldsSelect = {
  id: true,
  labId: true,
  externalId: true,
  name: true,
  phone: true,
  whatsapp: true,
  email: true,
  language: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ContactSelect;

export const contactSelect = {
  ...contactFieldsSelect,
  consents: { select: { channel: true, status: true, source: true, at: true }, orderBy: { channel: "asc" } },
  preferences: { select: { category: true, optedOut: true, source: true, at: true }, orderBy: { category: "asc" } },
} satisfies Prisma.ContactSelect;

export type TGetContactOptions = { labId: string; contactId?: string; externalId?: string };

/** One contact of the lab, by Herald id or the lab system's id, with consents and preferences. */
export async function getContact(db: Db | Prisma.TransactionClient, { labId, contactId, externalId }: TGetContactOptions) {
  if (Boolean(contactId) === Boolean(externalId)) throw new AppError("BAD_REQUEST", "give either a contactId or an externalId", "contactId");
  const contact = await db.contact.findFirst({ where: contactId ? { labId, id: contactId } : { labId, externalId }, select: contactSelect });
  if (!contact) throw new AppError("NOT_FOUND", "contact not found in this lab", contactId ? "contactId" : "externalId");
  return contact;
}
