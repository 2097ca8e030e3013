import type { Db } from "@/server/db";
import { advanceOtpChallenge } from "@/server/services/otp/advance-otp-challenge";

/**
 * At a message's delivery deadline: a code the handset has not confirmed (no delivery report, or an
 * undelivered one) moves the challenge to its next channel. Does nothing once the challenge moved on
 * or ended.
 */
export async function checkOtpDelivery({ db, challengeId, messageId, logger }: { db: Db; challengeId: string; messageId: string; logger?: { error(fields: object, message?: string): void } }) {
  const message = await db.message.findUnique({ where: { id: messageId }, select: { status: true } });
  if (!message || message.status === "DELIVERED" || message.status === "READ") return null;
  const reason = message.status === "SENT" ? "no_delivery_report" : `${message.status.toLowerCase()}_at_deadline`;
  return advanceOtpChallenge({ db, challengeId, fromMessageId: messageId, reason, logger });
}
