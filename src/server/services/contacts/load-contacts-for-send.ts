import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactForSend } from "@/server/domain/notifications";
import { queryContactsForSend } from "@/server/services/contacts/query-contacts-for-send";

export type TLoadContactsForSendOptions = { labId: string; contactIds?: string[]; externalIds?: string[] };

/** A lab's contacts by id and/or external id, with consents and opt-outs, in one query; unknown ones are simply absent. */
export async function loadContactsForSend(db: SqlRunner, { labId, contactIds = [], externalIds = [] }: TLoadContactsForSendOptions): Promise<TContactForSend[]> {
  if (contactIds.length === 0 && externalIds.length === 0) return [];
  return queryContactsForSend(db, labId, Prisma.sql`c.id = ANY(${contactIds}::text[]) OR c."externalId" = ANY(${externalIds}::text[])`);
}
