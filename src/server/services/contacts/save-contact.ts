import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import { diffFields, recordAudit } from "@/server/services/audit/record-audit";
import { checkContactFields } from "@/server/services/contacts/check-contact-fields";
import { getContact } from "@/server/services/contacts/get-contact";
import { upsertContacts } from "@/server/services/contacts/upsert-contacts";

export type TSaveContactOptions = {
  principal: TPrincipal;
  lab: { id: string; country: string };
  /** Update this contact; without it, upsert by externalId (or create when there is none). */
  contactId?: string;
  fields: TContactFieldsInput;
};

/** Creates or updates one contact, audited; phones are stored in E.164 read in the lab's country. */
export async function saveContact(db: Db, { principal, lab, contactId, fields }: TSaveContactOptions) {
  return db.$transaction(async (tx) => {
    let id: string;
    let diff: Prisma.InputJsonObject;
    if (contactId) {
      const checked = checkContactFields(fields, lab.country);
      if (!checked.ok) throw AppError.forFields("BAD_REQUEST", checked.issues);
      const before = await getContact(tx, { labId: lab.id, contactId });
      await tx.contact.update({ where: { id: contactId }, data: checked.fields }).catch(conflictOnExternalId);
      [id, diff] = [contactId, diffFields(before, checked.fields)];
    } else {
      const [result] = await upsertContacts(tx, { labId: lab.id, country: lab.country, contacts: [fields] });
      if (!result!.ok) throw AppError.forFields("BAD_REQUEST", result!.issues);
      const saved = result!.contact;
      // The fields the caller set, as stored (phones normalised).
      [id, diff] = [saved.id, Object.fromEntries(Object.keys(fields).map((field) => [field, saved[field as keyof TContactFieldsInput] ?? null]))];
    }
    if (Object.keys(diff).length > 0) {
      await recordAudit(tx, { principal, labId: lab.id, action: contactId ? "contact.update" : "contact.upsert", targetType: "contact", targetId: id, diff });
    }
    return getContact(tx, { labId: lab.id, contactId: id });
  });
}

function conflictOnExternalId(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    throw new AppError("CONFLICT", "another contact of this lab has this external id", "externalId");
  }
  throw error;
}
