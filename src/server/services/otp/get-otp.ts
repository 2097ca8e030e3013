import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { challengeRowSelect, challengeView } from "@/server/services/otp/otp-view";

export type TGetOtpOptions = { db: Db; labId: string; challengeId: string; now?: Date };

/** A challenge's status and timeline with each message's delivery status; never its code or hash. */
export async function getOtp({ db, labId, challengeId, now = new Date() }: TGetOtpOptions) {
  const row = await db.otpChallenge.findFirst({
    where: { id: challengeId, labId },
    select: {
      ...challengeRowSelect,
      purpose: true,
      to: true,
      email: true,
      country: true,
      prefix: true,
      startedBy: true,
      createdAt: true,
      endedAt: true,
      events: { select: { id: true, type: true, channel: true, messageId: true, detail: true, createdAt: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "no challenge with this id in the lab", "challengeId");
  const messageIds = [...new Set(row.events.flatMap((e) => (e.messageId ? [e.messageId] : [])))];
  const messages = await db.message.findMany({
    where: { id: { in: messageIds }, labId },
    select: { id: true, channel: true, status: true, skipReason: true, errorCode: true, provider: true, sentAt: true, deliveredAt: true, createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  return {
    ...challengeView(row, now),
    purpose: row.purpose,
    to: row.to,
    email: row.email,
    channels: row.channels,
    country: row.country,
    prefix: row.prefix,
    checks: row.checks,
    sends: row.sends,
    startedBy: row.startedBy,
    createdAt: row.createdAt,
    endedAt: row.endedAt,
    messages,
    timeline: row.events,
  };
}
