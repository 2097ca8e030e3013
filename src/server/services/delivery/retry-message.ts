import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { actorOf } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { enqueueDispatch } from "@/server/services/delivery/enqueue-dispatch";
import { eventSourceOf } from "@/server/services/delivery/event-source";

export type TRetryMessageOptions = {
  db: Db;
  principal: TPrincipal | null;
  labId: string;
  messageId: string;
};

/**
 * Sends a FAILED message again from the top of its lab's account chain, with fresh attempts (after,
 * say, fixing an account's credentials). Only FAILED messages: anything else was delivered, is on
 * its way, or was stopped on purpose.
 */
export async function retryMessage({ db, principal, labId, messageId }: TRetryMessageOptions) {
  const message = await db.$transaction(async (tx) => {
    const before = await tx.message.findFirst({
      where: { id: messageId, labId },
      select: { status: true, errorCode: true, errorMessage: true, providerMessageId: true, businessAccountId: true, triggerKey: true },
    });
    if (!before) throw new AppError("NOT_FOUND", "message not found in this lab", "messageId");
    // Its code was erased when it failed, and a stale code is no use to the patient anyway.
    if (before.triggerKey === "OTP") throw new AppError("PRECONDITION_FAILED", "a one-time code is not sent again from its message; start a new verification (otp.start)", "messageId");
    const { count } = await tx.message.updateMany({
      where: { id: messageId, labId, status: "FAILED" },
      // The previous attempt's provider id goes with it, so its late reports match no message.
      data: {
        status: "QUEUED",
        attempts: 0,
        businessAccountId: null,
        provider: null,
        providerMessageId: null,
        sentAt: null,
        nextAttemptAt: null,
        errorCode: null,
        errorMessage: null,
        claimedBy: null,
        claimedAt: null,
      },
    });
    if (count === 0) throw AppError.forFields("PRECONDITION_FAILED", [{ field: "messageId", message: `only failed messages can be retried; this one is ${before.status}`, params: { reason: "retry_not_failed", status: before.status } }]);
    const detail: Prisma.InputJsonObject = {
      ...actorOf(principal),
      previousErrorCode: before.errorCode,
      previousErrorMessage: before.errorMessage,
      previousProviderMessageId: before.providerMessageId,
      previousBusinessAccountId: before.businessAccountId,
    };
    await tx.messageEvent.create({
      data: { messageId, labId, type: "retry_requested", status: "QUEUED", source: eventSourceOf(principal), detail, createdAt: new Date() },
    });
    return tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { id: true, labId: true, channel: true, status: true, attempts: true } });
  });
  await enqueueDispatch([message]);
  return { id: message.id, status: message.status, attempts: message.attempts };
}
