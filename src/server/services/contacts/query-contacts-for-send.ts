import { Prisma } from "@/generated/prisma/client";
import type { Channel, ConsentStatus } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactForSend } from "@/server/domain/notifications";

type TRow = Omit<TContactForSend, "consents"> & {
  consents: { channel: Channel; status: ConsentStatus; source: string; at: number }[];
};

/** The contact columns the send flow reads, in the order contactsForSendSql expects of its source. */
export const CONTACT_FOR_SEND_COLUMNS = Prisma.sql`id, "labId", "externalId", name, phone, whatsapp, email, language`;

/**
 * Contacts of one lab with their consents and opt-outs in a single query (the
 * send flow loads up to 1,000 at a time). `condition` narrows which contacts;
 * the lab scope is always applied here.
 */
export async function queryContactsForSend(db: SqlRunner, labId: string, condition: Prisma.Sql): Promise<TContactForSend[]> {
  return runContactsForSend(db, Prisma.sql`
    ${contactsForSendSql(Prisma.sql`"Contact"`)}
    WHERE c."labId" = ${labId} AND (${condition})`);
}

/**
 * The SELECT of contacts for sending over `source`, a table or a WITH query
 * with CONTACT_FOR_SEND_COLUMNS, aliased c: consents and opt-outs are read
 * from their tables by contact id.
 */
export function contactsForSendSql(source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT c.id, c."labId", c."externalId", c.name, c.phone, c.whatsapp, c.email, c.language,
      COALESCE((SELECT json_agg(json_build_object('channel', cc.channel, 'status', cc.status, 'source', cc.source,
                                                  'at', floor(extract(epoch FROM cc.at) * 1000)))
                FROM "ContactConsent" cc WHERE cc."contactId" = c.id), '[]'::json) AS consents,
      ARRAY(SELECT cp.category FROM "ContactPreference" cp
            WHERE cp."contactId" = c.id AND cp."optedOut" ORDER BY cp.category) AS "optedOutCategories",
      -- Suppression belongs to the address, not the row: a number that said STOP under another record is found too.
      ARRAY(SELECT s.channel::text || ':' || s.address FROM "Suppression" s
            WHERE s."labId" = c."labId" AND s.address IN (c.phone, c.whatsapp, lower(c.email))) AS suppressed
    FROM ${source} c`;
}

/** Runs a query built on contactsForSendSql and turns its rows into contacts. */
export async function runContactsForSend(db: SqlRunner, query: Prisma.Sql): Promise<TContactForSend[]> {
  const rows = await db.$queryRaw<TRow[]>(query);
  return rows.map(({ consents, ...contact }) => ({
    ...contact,
    consents: Object.fromEntries(consents.map(({ channel, status, source, at }) => [channel, { status, source, at: new Date(Number(at)) }])),
  }));
}
