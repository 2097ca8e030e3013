import type { Prisma } from "@/generated/prisma/client";
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { afterPageCursor, pageOf } from "@/server/db/page-cursor";
import { defaultMessageSelect, withPlainCost } from "@/server/services/messages/message-select";

export type TMessageFilters = {
  status?: MessageStatus;
  channel?: Channel;
  trigger?: string;
  contactId?: string;
  externalId?: string;
  /** The address a message went to (E.164 or email). */
  to?: string;
  /** The provider that took (or refused) the message. */
  provider?: string;
  /** Created at or after. */
  since?: Date;
  /** Created before. */
  until?: Date;
};

export type TListMessagesOptions = {
  db: Db;
  labId: string;
  filters: TMessageFilters;
  /** From the previous page's nextCursor. */
  cursor?: string;
  limit: number;
};

/** A lab's messages, newest first (then by id), filtered, a page at a time. */
export async function listMessages({ db, labId, filters, cursor, limit }: TListMessagesOptions) {
  const where: Prisma.MessageWhereInput = {
    labId,
    status: filters.status,
    channel: filters.channel,
    triggerKey: filters.trigger,
    contactId: filters.contactId,
    to: filters.to,
    provider: filters.provider,
    contact: filters.externalId === undefined ? undefined : { labId, externalId: filters.externalId },
    createdAt: { gte: filters.since, lt: filters.until },
    OR: afterPageCursor(cursor),
  };
  const rows = await db.message.findMany({
    where,
    select: defaultMessageSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const { page, nextCursor } = pageOf(rows, limit);
  return { items: page.map(withPlainCost), nextCursor };
}
