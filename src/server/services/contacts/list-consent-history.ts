import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { getContact } from "@/server/services/contacts/get-contact";
import { listAuditEntries } from "@/server/services/audit/list-audit-entries";

export type TListConsentHistoryOptions = { db: Db; labId: string; contactId: string; cursor?: string; limit: number };

type TConsentDiff = { channel?: Channel; status?: { from: string | null; to: string } | string; source?: string; at?: string };

/**
 * Every consent change a contact has had, newest first: when it took effect, how (its source), who
 * recorded it (staff, an API key, or Herald on a STOP reply or a provider's refusal). Read from the
 * audit log, which every consent change writes in the same transaction.
 */
export async function listConsentHistory({ db, labId, contactId, cursor, limit }: TListConsentHistoryOptions) {
  await getContact(db, { labId, contactId });
  const { items, nextCursor } = await listAuditEntries({ db, labId, filters: { action: "contact.consent.", targetType: "contact", targetId: contactId }, cursor, limit });
  const changes = items.map(({ id, diff, createdAt, actor }) => {
    const d = (diff ?? {}) as TConsentDiff;
    const status = typeof d.status === "string" ? { from: null, to: d.status } : (d.status ?? { from: null, to: "" });
    return { id, channel: d.channel ?? null, from: status.from, to: status.to, source: d.source ?? null, at: d.at ? new Date(d.at) : createdAt, recordedAt: createdAt, actor };
  });
  return { items: changes, nextCursor };
}
