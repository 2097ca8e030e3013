import type { Channel } from "@/generated/prisma/enums";
import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";
import { cancelMessages } from "@/server/services/delivery/cancel-messages";
import { loadSendContext } from "@/server/services/notifications/load-send-context";
import { checkPrefixBlock, phoneFacts } from "@/server/services/otp/guard-otp-fraud";
import { loadOtpRecipient } from "@/server/services/otp/load-otp-recipient";
import { openOtpCode } from "@/server/services/otp/otp-code";
import { insertOtpEvents, recordOtpBlock } from "@/server/services/otp/otp-events";
import { sendOtpCode } from "@/server/services/otp/send-otp-code";

export type TAdvanceOtpChallengeOptions = {
  db: Db;
  challengeId: string;
  /** The message that did not get the code through; nothing happens unless it is still the challenge's current one. */
  fromMessageId: string;
  /** Why: the provider's permanent error, a skip at dispatch, or no delivery report in time. */
  reason: string;
  now?: Date;
  logger?: TErrorLog;
};

type TErrorLog = { error(fields: object, message?: string): void };

const PHONE_CHANNELS: ReadonlySet<Channel> = new Set(["SMS", "WHATSAPP"]);

/**
 * Moves a pending challenge to the next channel of its list with the same code, once per failed
 * message (the current message is compared under the row lock, so a failure report and a delivery
 * deadline for one message move it once). The next channel goes through the send rules and the fraud
 * guard like the first; when none is left, or the send cap is reached, the timeline says so and the
 * challenge waits for its expiry.
 */
export async function advanceOtpChallenge({ db, challengeId, fromMessageId, reason, now = new Date(), logger }: TAdvanceOtpChallengeOptions): Promise<{ channel: Channel; messageId: string } | null> {
  const challenge = await db.otpChallenge.findFirst({
    where: { id: challengeId, status: "PENDING", currentMessageId: fromMessageId, expiresAt: { gt: now } },
    include: { lab: true },
  });
  if (!challenge?.codeSealed) return null;
  const { lab } = challenge;
  const from = challenge.channels[challenge.channelIndex] ?? null;
  const phone = challenge.email === challenge.to ? null : challenge.to;
  const rest = challenge.channels.slice(challenge.channelIndex + 1);
  const [recipient, context] = await Promise.all([
    loadOtpRecipient(sqlOf(db), lab.id, { phone, email: challenge.email }),
    loadSendContext(sqlOf(db), { labId: lab.id, triggerKeys: ["OTP"] }),
  ]);
  const blocked = new Map<Channel, string>();
  if (phone && rest.some((c) => PHONE_CHANNELS.has(c))) {
    const facts = phoneFacts(phone);
    if (await checkPrefixBlock(sqlOf(db), { labId: lab.id, prefix: facts.prefix, country: facts.country, now })) {
      for (const channel of rest) {
        if (!PHONE_CHANNELS.has(channel)) continue;
        blocked.set(channel, "prefix_blocked");
        await recordOtpBlock(sqlOf(db), { labId: lab.id, kind: "prefix", rule: "prefix_spike", channel, country: facts.country, prefix: facts.prefix, challengeId }, now);
      }
    }
  }

  const result = await sqlTransactionOf(
    db,
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ sends: number; maxSends: number; channelIndex: number }[]>`
        SELECT sends, "maxSends", "channelIndex" FROM "OtpChallenge"
        WHERE id = ${challengeId} AND status = 'PENDING' AND "currentMessageId" = ${fromMessageId} FOR UPDATE`;
      if (!locked) return null;
      const step = { challengeId, labId: lab.id, channel: from, messageId: fromMessageId };
      // Cleared, so later reports about the same message change nothing.
      const stop = async (type: string, detail: Record<string, unknown>) => {
        await tx.$executeRaw`UPDATE "OtpChallenge" SET "currentMessageId" = NULL, "updatedAt" = ${sqlTimestamp(now)} WHERE id = ${challengeId}`;
        await insertOtpEvents(tx, [{ ...step, type, detail }], now);
        return null;
      };
      if (locked.sends >= locked.maxSends) return stop("fallback_stopped", { reason, because: "send_cap" });
      const send = await sendOtpCode(tx, {
        challenge: { ...challenge, labId: lab.id },
        code: openOtpCode(challengeId, challenge.codeSealed!),
        fromIndex: locked.channelIndex + 1,
        blocked,
        kind: "fallback",
        detail: { from, reason },
        lab,
        recipient,
        context,
        now,
      });
      if (!send.sent) return stop("no_channel_left", { reason, passed: send.passed });
      return send;
    },
    { statementTimeoutMs: 10_000 },
  );
  if (!result?.sent) return null;
  // The message that did not get through, if it is still waiting, must not arrive late beside the new one.
  await cancelMessages({ db, labId: lab.id, messageIds: [fromMessageId], principal: null, now });
  await result.handOff?.afterCommit().catch((error: unknown) => logger?.error({ err: error, challengeId }, "OTP fallback hand-off failed"));
  return { channel: result.sent.channel, messageId: result.sent.messageId };
}

/**
 * Each of these messages that did not get its code through (the provider refused it for good at
 * dispatch or later by a delivery report, or dispatch skipped it) moves its challenge on, if it is
 * still that challenge's current message. Called after a dispatch in the OTP lane, after a webhook
 * or poll recorded an UNDELIVERED or FAILED status, and by the minute's sweep for any such
 * report whose follow-up was lost. Messages of no challenge cost one indexed lookup.
 */
export async function followUpOtpFailures(db: Db, messageIds: readonly string[], logger?: TErrorLog): Promise<number> {
  if (messageIds.length === 0) return 0;
  const failed = await sqlOf(db).$queryRaw<{ id: string; challengeId: string; reason: string }[]>`
    SELECT m.id, c.id AS "challengeId", COALESCE(m."errorCode", m."skipReason", lower(m.status::text)) AS reason
    FROM "Message" m JOIN "OtpChallenge" c ON c.id = m."requestId" AND c."currentMessageId" = m.id
    WHERE m.id = ANY(${[...messageIds]}::text[]) AND m.status::text IN ('FAILED', 'SKIPPED', 'UNDELIVERED') AND c.status = 'PENDING'`;
  let moved = 0;
  for (const m of failed) if (await advanceOtpChallenge({ db, challengeId: m.challengeId, fromMessageId: m.id, reason: m.reason, logger })) moved += 1;
  return moved;
}
