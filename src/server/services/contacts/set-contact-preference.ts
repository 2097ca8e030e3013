import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { recordAudit } from "@/server/services/audit/record-audit";
import { getContact } from "@/server/services/contacts/get-contact";

export type TSetContactPreferenceOptions = {
  principal: TPrincipal;
  labId: string;
  contactId: string;
  /** A trigger category ("reminder", "billing", ...); critical triggers ignore opt-outs. */
  category: string;
  optedOut: boolean;
  source: string;
};

/** Opts a contact out of (or back into) a trigger category, with when and how; repeats are no-ops. */
export async function setContactPreference(db: Db, { principal, labId, contactId, category, optedOut, source }: TSetContactPreferenceOptions) {
  return db.$transaction(async (tx) => {
    const contact = await getContact(tx, { labId, contactId });
    const before = contact.preferences.find((p) => p.category === category);
    if ((before?.optedOut ?? false) === optedOut && (before === undefined || before.source === source)) return contact;
    const at = new Date();
    await tx.contactPreference.upsert({
      where: { contactId_category: { contactId, category } },
      create: { contactId, category, optedOut, source, at },
      update: { optedOut, source, at },
    });
    await recordAudit(tx, {
      principal,
      labId,
      action: optedOut ? "contact.preference.opt-out" : "contact.preference.opt-in",
      targetType: "contact",
      targetId: contactId,
      diff: { category, optedOut: { from: before?.optedOut ?? false, to: optedOut }, source },
    });
    return getContact(tx, { labId, contactId });
  });
}
