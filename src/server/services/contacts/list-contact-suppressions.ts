import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { getContact } from "@/server/services/contacts/get-contact";
import { suppressionAddress } from "@/server/services/suppressions/suppression-address";
import { suppressionSelect } from "@/server/services/suppressions/suppression-select";

export type TListContactSuppressionsOptions = { db: Db; labId: string; contactId: string };

/**
 * The lab's do-not-contact entries for a contact's own addresses: the list is kept by address, not
 * by contact, so this is what blocks sending to them whatever their consent says. At most one entry
 * per channel and address, so a handful of rows.
 */
export async function listContactSuppressions({ db, labId, contactId }: TListContactSuppressionsOptions) {
  const contact = await getContact(db, { labId, contactId });
  const addresses: Prisma.SuppressionWhereInput[] = [
    ...(contact.phone ? [{ channel: "SMS" as const, address: contact.phone }] : []),
    ...(contact.whatsapp ?? contact.phone ? [{ channel: "WHATSAPP" as const, address: (contact.whatsapp ?? contact.phone)! }] : []),
    ...(contact.email ? [{ channel: "EMAIL" as const, address: suppressionAddress("EMAIL", contact.email) }] : []),
  ];
  if (addresses.length === 0) return [];
  return db.suppression.findMany({ where: { labId, OR: addresses }, orderBy: [{ channel: "asc" }, { createdAt: "desc" }], select: suppressionSelect });
}
