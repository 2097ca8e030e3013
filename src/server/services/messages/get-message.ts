import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { messageDetailSelect, withPlainCost } from "@/server/services/messages/message-select";

export type TGetMessageOptions = { db: Db; labId: string; messageId: string };

/** One message of the lab with its timeline; another lab's message is simply not found. */
export async function getMessage({ db, labId, messageId }: TGetMessageOptions) {
  const message = await db.message.findFirst({ where: { id: messageId, labId }, select: messageDetailSelect });
  if (!message) throw new AppError("NOT_FOUND", "no message with this id in the lab", "messageId");
  const { events, ...rest } = withPlainCost(message);
  return { ...rest, timeline: events };
}
