import type { Channel, ConsentStatus } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactForSend } from "@/server/domain/notifications";

export type TOtpRecipient = { phone: string | null; email: string | null };

type TRow = { id: string | null; suppressed: string[]; language: string | null; email: string | null; channel: Channel | null; status: ConsentStatus | null; at: Date | null; source: string | null };

/**
 * The recipient as the send rules see it: the lab's contacts with this phone or email merged (a
 * consent withdrawn on any of them holds for the address; OTPs ignore opt-outs), and the lab's
 * suppressions of these addresses. No contact is created: a code is not a relationship.
 */
export async function loadOtpRecipient(db: SqlRunner, labId: string, { phone, email }: TOtpRecipient) {
  // One row per contact and consent, at least one (the contact's columns null when there is none), each with the suppressions.
  const rows = await db.$queryRaw<TRow[]>`
    SELECT c.id, c.language, c.email, cc.channel::text AS channel, cc.status::text AS status, cc.at, cc.source, s.suppressed
    FROM (SELECT COALESCE(array_agg(channel::text || ':' || address), '{}') AS suppressed FROM "Suppression"
          WHERE "labId" = ${labId} AND address = ANY(${[phone, email].filter((a): a is string => a !== null)}::text[])) s
    LEFT JOIN ("Contact" c LEFT JOIN "ContactConsent" cc ON cc."contactId" = c.id)
      ON c."labId" = ${labId} AND ((${phone}::text IS NOT NULL AND (c.phone = ${phone} OR c.whatsapp = ${phone}))
                                  OR (${email}::text IS NOT NULL AND lower(c.email) = ${email}))
    ORDER BY c."updatedAt" DESC`;
  const suppressed = rows[0]?.suppressed ?? [];
  const consents: TContactForSend["consents"] = {};
  for (const row of rows) {
    if (!row.channel || !row.status) continue;
    if (row.status === "WITHDRAWN" || !consents[row.channel]) consents[row.channel] = { status: row.status, at: row.at!, source: row.source! };
  }
  const contact: TContactForSend = {
    // The most recently updated contact, when there is one: the message is linked to it.
    id: rows[0]?.id ?? "",
    labId,
    externalId: null,
    name: null,
    phone,
    whatsapp: phone,
    email: email ?? rows.find((r) => r.email)?.email?.toLowerCase() ?? null,
    language: rows[0]?.language ?? null,
    consents,
    optedOutCategories: [],
    suppressed,
  };
  return contact;
}
