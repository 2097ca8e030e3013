import type { Prisma } from "@/generated/prisma/client";
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
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

type TCursor = { createdAt: Date; id: string };

/** Opaque to callers: the last row's sort key, so a page never repeats or skips rows that arrive meanwhile. */
function encodeCursor({ createdAt, id }: TCursor): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): TCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const at = new Date(String(createdAt));
    if (typeof id === "string" && typeof createdAt === "string" && !Number.isNaN(at.getTime())) return { createdAt: at, id };
  } catch {
    // Falls through to the error below: a malformed cursor is the caller's input mistake.
  }
  throw new AppError("BAD_REQUEST", "expected the nextCursor of a previous page", "cursor");
}

/** A lab's messages, newest first (then by id), filtered, a page at a time. */
export async function listMessages({ db, labId, filters, cursor, limit }: TListMessagesOptions) {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
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
    OR: after && [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }],
  };
  const rows = await db.message.findMany({
    where,
    select: defaultMessageSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(withPlainCost), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
