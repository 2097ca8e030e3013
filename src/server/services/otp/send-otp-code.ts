import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";
import type { TContactForSend } from "@/server/domain/notifications";
import type { TDispatchHandOff } from "@/server/services/delivery/enqueue-dispatch";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";
import { insertOutbox } from "@/server/services/notifications/insert-outbox";
import { insertOtpEvents, otpEventsSql, type TOtpEvent } from "@/server/services/otp/otp-events";
import { otpLane } from "@/server/services/otp/otp-lane";
import { planOtpMessage, type TPlannedOtpMessage } from "@/server/services/otp/plan-otp-message";

export type TChallengeForSend = {
  id: string;
  labId: string;
  channels: Channel[];
  language: string | null;
  expiresAt: Date;
  fallbackAfterSeconds: number;
};

export type TSendOtpCodeOptions = {
  challenge: TChallengeForSend;
  code: string;
  /** The first channel (index into the challenge's list) to try; later ones are the fallback. */
  fromIndex: number;
  /** Channels refused before any rule is applied (the fraud guard), with why. */
  blocked: ReadonlyMap<Channel, string>;
  /** The timeline's name for this send: sent, resent or fallback. */
  kind: "sent" | "resent" | "fallback";
  detail?: Record<string, unknown>;
  /** The challenge is new: it is inserted with this send rather than updated. */
  newChallenge?: TNewChallenge;
  lab: TLabForSend & { name: string };
  recipient: TContactForSend;
  context: TSendContext;
  now: Date;
};

/** A challenge written with its first send (see recordSend). */
export type TNewChallenge = {
  /** The challenge's INSERT, given the channel and message its first send went out on (null when none could carry it). */
  insert(sent: { channelIndex: number; messageId: string } | null): Prisma.Sql;
  /** Its timeline's first steps, before the send's. */
  events: TOtpEvent[];
};

export type TOtpSendResult = {
  sent: { channel: Channel; channelIndex: number; messageId: string } | null;
  /** Channels passed over on the way, with why. */
  passed: { channel: Channel; reason: string }[];
  handOff: TDispatchHandOff | null;
};

/**
 * Sends the challenge's code on the first channel from `fromIndex` that may carry it, as part of
 * `tx`: a channel the fraud guard blocks or the send rules skip is recorded (a skipped message, a
 * timeline step) and the next one tried. The message goes to the OTP lane, with a delivery check
 * for SMS; the challenge records the channel, the message and the send.
 */
export async function sendOtpCode(tx: SqlRunner, options: TSendOtpCodeOptions): Promise<TOtpSendResult> {
  const { challenge, code, blocked, kind, lab, recipient, context, now } = options;
  const planned: TPlannedOtpMessage[] = [];
  const events: TOtpEvent[] = [];
  const passed: TOtpSendResult["passed"] = [];
  const step = { challengeId: challenge.id, labId: challenge.labId };
  let sent: TOtpSendResult["sent"] = null;
  for (let index = options.fromIndex; index < challenge.channels.length && !sent; index++) {
    const channel = challenge.channels[index]!;
    const refusal = blocked.get(channel);
    if (refusal) {
      passed.push({ channel, reason: refusal });
      events.push({ ...step, type: "blocked", channel, detail: { reason: refusal } });
      continue;
    }
    const plan = planOtpMessage({ challengeId: challenge.id, code, channel, lab, recipient, context, language: challenge.language, expiresAt: challenge.expiresAt, now });
    planned.push(plan);
    if (plan.skipReason) {
      passed.push({ channel, reason: plan.skipReason });
      events.push({ ...step, type: "skipped", channel, messageId: plan.message.id, detail: { reason: plan.skipReason } });
      continue;
    }
    sent = { channel, channelIndex: index, messageId: plan.message.id };
    events.push({ ...step, type: kind, channel, messageId: plan.message.id, detail: options.detail });
  }

  await insertOutbox(tx, { labId: challenge.labId, requestId: challenge.id, messages: planned.map((p) => p.message), events: planned.map((p) => p.event), responses: new Map(), now });
  await recordSend(tx, options, sent, [...(options.newChallenge?.events ?? []), ...events]);
  if (!sent) return { sent, passed, handOff: null };

  const group = { labId: challenge.labId, businessAccountId: context.firstAccounts.get(sent.channel) ?? null, messageIds: [sent.messageId] };
  // SMS is the channel whose reports are late or missing often enough to need a deadline.
  const checks = sent.channel === "SMS" ? [{ challengeId: challenge.id, messageId: sent.messageId, labId: challenge.labId, at: new Date(now.getTime() + challenge.fallbackAfterSeconds * 1000) }] : [];
  const handOff = await otpLane().scheduleInTransaction(tx, [group], checks);
  return { sent, passed, handOff };
}

/**
 * The send on the challenge and its timeline, in one statement: a new challenge is inserted as
 * sent; an existing one records the channel, the message and the send.
 */
async function recordSend(tx: SqlRunner, { challenge, newChallenge, now }: TSendOtpCodeOptions, sent: TOtpSendResult["sent"], events: TOtpEvent[]): Promise<void> {
  if (newChallenge) {
    const insert = newChallenge.insert(sent && { channelIndex: sent.channelIndex, messageId: sent.messageId });
    await tx.$executeRaw(events.length > 0 ? Prisma.sql`WITH challenge AS (${insert}) ${otpEventsSql(events, now)}` : insert);
    return;
  }
  if (!sent) return insertOtpEvents(tx, events, now);
  const update = Prisma.sql`
    UPDATE "OtpChallenge"
    SET "channelIndex" = ${sent.channelIndex}, "currentMessageId" = ${sent.messageId}, sends = sends + 1, "lastSentAt" = ${sqlTimestamp(now)}, "updatedAt" = ${sqlTimestamp(now)}
    WHERE id = ${challenge.id}`;
  await tx.$executeRaw(events.length > 0 ? Prisma.sql`WITH events AS (${otpEventsSql(events, now)}) ${update}` : update);
}
