import { Prisma, type Channel, type Lab } from "@/generated/prisma/client";
import type { TPrincipal } from "@/server/access/principal";
import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";
import { newId } from "@/server/db/new-id";
import { MAX_CHECKS, MAX_SENDS, RECIPIENT_LIMITS, type TOtpSettings } from "@/server/domain/otp";
import { AppError, RateLimitError } from "@/server/errors";
import { logger as rootLogger, type Logger } from "@/server/logger";
import { loadSendContext } from "@/server/services/notifications/load-send-context";
import { consumeRateLimits, type TRateLimit } from "@/server/services/otp/consume-rate-limits";
import { applyPrefixRule, phoneFacts, servedCountries } from "@/server/services/otp/guard-otp-fraud";
import { loadOtpRecipient } from "@/server/services/otp/load-otp-recipient";
import { findPendingChallenge, loadOtpStartState } from "@/server/services/otp/load-otp-start";
import { normalizeOtpRecipient } from "@/server/services/otp/normalize-otp-recipient";
import { generateOtpCode, hashOtpCode, openOtpCode, sealOtpCode } from "@/server/services/otp/otp-code";
import { recordOtpBlock, type TOtpBlockRecord, type TOtpEvent } from "@/server/services/otp/otp-events";
import { challengeRowSelect, challengeView, type TChallengeRow, type TChallengeView } from "@/server/services/otp/otp-view";
import { sendOtpCode, type TOtpSendResult } from "@/server/services/otp/send-otp-code";

export type TStartOtpInput = {
  to: string;
  email?: string;
  channels?: Channel[];
  purpose: string;
  language?: string;
  codeLength?: number;
  idempotencyKey?: string;
};

export type TStartOtpOptions = { db: Db; lab: Lab; principal: TPrincipal; input: TStartOtpInput; now?: Date; logger?: Logger };

export type TStartOtpResult = TChallengeView & { resent: boolean; replayed: boolean };

const PHONE_CHANNELS: ReadonlySet<Channel> = new Set(["SMS", "WHATSAPP"]);

/**
 * Starts a verification, or sends the pending one's code again: the same (lab, recipient, purpose)
 * has at most one pending challenge, whose code stays the same until it expires, resent no sooner
 * than the cooldown and at most MAX_SENDS times. Refused with TOO_MANY_REQUESTS (and retryAfter) by
 * the rate limits, held in PostgreSQL; a number outside the lab's countries is refused and a prefix
 * whose volume spikes loses SMS and WhatsApp for a while, falling back to the next channel. Every
 * refusal is recorded. The code is kept only as a keyed hash (and sealed, for resends).
 */
export async function startOtp({ db, lab, principal, input, now = new Date(), logger = rootLogger }: TStartOtpOptions): Promise<TStartOtpResult> {
  const recipientAddress = normalizeOtpRecipient(input.to, lab.country);
  const email = recipientAddress.email ?? input.email?.toLowerCase() ?? null;
  if (lab.hardStop) throw new AppError("PRECONDITION_FAILED", "the lab's hard stop is on: nothing is sent until it is lifted");

  if (input.idempotencyKey !== undefined) {
    const replay = await replayStart(db, lab.id, input, recipientAddress.to, now);
    if (replay) return replay;
  }

  const facts = recipientAddress.phone ? phoneFacts(recipientAddress.phone) : null;
  const sql = sqlOf(db);
  const find = { labId: lab.id, to: recipientAddress.to, purpose: input.purpose, now };
  // Everything the start decides on, read at once: its settings, pending challenge and prefix volume in one statement.
  const [{ settings, pending: pendingBefore, prefix: prefixVolume }, recipient, context] = await Promise.all([
    loadOtpStartState(sql, { ...find, prefix: facts?.prefix ?? null }),
    loadOtpRecipient(sql, lab.id, { phone: recipientAddress.phone, email }),
    loadSendContext(sql, { labId: lab.id, triggerKeys: ["OTP"] }),
  ]);
  const block = (record: Omit<TOtpBlockRecord, "labId" | "country" | "prefix">) =>
    recordOtpBlock(sql, { labId: lab.id, country: facts?.country ?? null, prefix: facts?.prefix ?? null, ...record }, now);
  if (facts) {
    const served = servedCountries(settings, lab.country);
    if (!settings.allowOtherCountries && (!facts.country || !served.includes(facts.country))) {
      await block({ kind: "country", rule: "country_not_served" });
      throw new AppError("BAD_REQUEST", `a number in ${facts.country ?? "an unknown country"}, which this lab does not send codes to (it serves ${served.join(", ")})`, "to");
    }
  }
  const channels = usableChannels(input.channels ?? settings.channels, recipientAddress.phone !== null, recipient.email !== null, input.channels !== undefined);

  // Before the transaction, so a block is kept whatever becomes of this start.
  const blocked = new Map<Channel, string>();
  if (facts && prefixVolume && channels.some((c) => PHONE_CHANNELS.has(c))) {
    const prefixBlock = await applyPrefixRule(sql, { labId: lab.id, prefix: facts.prefix, country: facts.country, now }, prefixVolume);
    if (prefixBlock) {
      for (const channel of channels) if (PHONE_CHANNELS.has(channel)) blocked.set(channel, "prefix_blocked");
      if (prefixBlock.new) logger.warn({ labId: lab.id, prefix: facts.prefix, volume: prefixBlock.volume, baseline: prefixBlock.baseline }, "OTP prefix blocked: volume spike");
    }
  }

  // A resend too soon or past the cap is refused before it counts against any limit (and again under the lock below).
  if (pendingBefore) {
    try {
      refuseResend(pendingBefore, now);
    } catch (error) {
      if (error instanceof RateLimitError) await block({ kind: "rate_limit", rule: error.rule! });
      throw error;
    }
  }
  const use = await consumeRateLimits(sql, rateLimits(lab.id, recipientAddress.to, principal, settings), now);
  let outcome: { row: TChallengeRow; resent: boolean; send: TOtpSendResult };
  try {
    if (use.limited) throw new RateLimitError(rateLimitMessage(use.limited.rule, use.limited.limit), use.limited.retryAfterSeconds, use.limited.rule);
    outcome = await sqlTransactionOf(
      db,
      async (tx) => {
        // One start at a time per (lab, recipient, purpose): two concurrent starts must not make two challenges.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`otp:${lab.id}:${recipientAddress.to}:${input.purpose}`}))`;
        const pending = await findPendingChallenge(tx, find);
        if (pending) refuseResend(pending, now);

        const common = { blocked, lab, recipient, context, now };
        if (pending) {
          const challenge = { ...pending, labId: lab.id };
          const send = requireSent(await sendOtpCode(tx, { ...common, challenge, code: openOtpCode(pending.id, pending.codeSealed), fromIndex: pending.channelIndex, kind: "resent" }), blocked);
          return { row: sentRow(pending, send, now), resent: true, send };
        }
        const challenge = newChallenge({ labId: lab.id, input, to: recipientAddress.to, email, channels, settings, facts, principal, now });
        const send = requireSent(await sendOtpCode(tx, { ...common, challenge, code: challenge.code, fromIndex: 0, kind: "sent", newChallenge: challenge }), blocked);
        return { row: sentRow(challenge, send, now), resent: false, send };
      },
      { statementTimeoutMs: 10_000 },
    );
  } catch (error) {
    await use.refund();
    if (error instanceof RateLimitError && error.rule) await block({ kind: error.rule === "prefix_spike" ? "prefix" : "rate_limit", rule: error.rule });
    throw error;
  }
  for (const channel of blocked.keys()) await block({ kind: "prefix", rule: "prefix_spike", channel, challengeId: outcome.row.id });

  try {
    await outcome.send.handOff?.afterCommit();
  } catch (error) {
    logger.error({ err: error, challengeId: outcome.row.id }, "OTP dispatch hand-off failed; the stalled-message sweep will queue it");
  }
  // The challenge as this start left it: known without reading it back.
  return { ...challengeView(outcome.row, now), resent: outcome.resent, replayed: false };
}

/** A challenge just sent on `send`'s channel, as the caller sees it. */
function sentRow(challenge: Omit<TChallengeRow, "status" | "channelIndex" | "lastSentAt">, send: TOtpSendResult, now: Date): TChallengeRow {
  return { ...challenge, status: "PENDING", channelIndex: send.sent!.channelIndex, sends: challenge.sends + 1, lastSentAt: now };
}

/** The channels that can reach this recipient; naming one that cannot is a mistake worth telling. */
function usableChannels(channels: Channel[], hasPhone: boolean, hasEmail: boolean, explicit: boolean): Channel[] {
  const usable = channels.filter((c) => (PHONE_CHANNELS.has(c) ? hasPhone : hasEmail));
  if (usable.length === 0 || (explicit && usable.length < channels.length)) {
    const unreachable = channels.filter((c) => !usable.includes(c));
    throw new AppError("BAD_REQUEST", `${unreachable.join(", ")} cannot reach this recipient (${hasPhone ? "give email for EMAIL" : "a phone is needed for SMS and WhatsApp"})`, "channels");
  }
  return usable;
}

/** A pending challenge is sent again only after its cooldown, and at most MAX_SENDS times in all. */
function refuseResend(pending: { sends: number; maxSends: number; lastSentAt: Date | null; resendCooldownSeconds: number; expiresAt: Date }, now: Date): void {
  if (pending.sends >= pending.maxSends) {
    const wait = Math.ceil((pending.expiresAt.getTime() - now.getTime()) / 1000);
    throw new RateLimitError(`send_cap: the code was already sent ${pending.maxSends} times; start again once this challenge expires`, Math.max(1, wait), "send_cap");
  }
  const ready = (pending.lastSentAt?.getTime() ?? 0) + pending.resendCooldownSeconds * 1000;
  if (ready > now.getTime()) {
    throw new RateLimitError(`resend_cooldown: the code was sent less than ${pending.resendCooldownSeconds} seconds ago`, Math.max(1, Math.ceil((ready - now.getTime()) / 1000)), "resend_cooldown");
  }
}

function rateLimits(labId: string, to: string, principal: TPrincipal, settings: TOtpSettings): TRateLimit[] {
  const caller = principal.kind === "apiKey" ? `apiKey:${principal.apiKeyId}` : `user:${principal.userId}`;
  return [
    ...RECIPIENT_LIMITS.map((l) => ({ ...l, key: `otp:recipient:${labId}:${to}` })),
    { rule: "caller_minute", key: `otp:caller:${labId}:${caller}`, limit: settings.startsPerCallerPerMinute, windowMs: 60_000 },
    { rule: "lab_hour", key: `otp:lab:${labId}`, limit: settings.startsPerLabPerHour, windowMs: 60 * 60_000 },
  ];
}

const RULE_TEXT: Record<string, (limit: number) => string> = {
  recipient_10m: (n) => `at most ${n} codes per recipient in 10 minutes`,
  recipient_day: (n) => `at most ${n} codes per recipient a day`,
  caller_minute: (n) => `at most ${n} starts per API key or user a minute`,
  lab_hour: (n) => `at most ${n} starts per lab an hour`,
};

/** "<rule>: <what the limit is>", the rule first so the block record can name it. */
function rateLimitMessage(rule: string, limit: number): string {
  return `${rule}: ${RULE_TEXT[rule]!(limit)}`;
}

/** A start nothing could carry fails as a whole: no challenge is left waiting for a code that never went out. */
function requireSent(send: TOtpSendResult, blocked: ReadonlyMap<Channel, string>): TOtpSendResult {
  if (send.sent) return send;
  const reasons = send.passed.map((p) => `${p.channel} ${p.reason}`).join(", ");
  if (send.passed.every((p) => blocked.has(p.channel))) {
    throw new RateLimitError(`prefix_spike: codes to this number's prefix are paused after a spike in volume (${reasons})`, 3600, "prefix_spike");
  }
  throw new AppError("PRECONDITION_FAILED", `no channel can carry the code: ${reasons}`, "channels");
}

type TInsertChallengeOptions = {
  labId: string;
  input: TStartOtpInput;
  to: string;
  email: string | null;
  channels: Channel[];
  settings: TOtpSettings;
  facts: { country: string | null; prefix: string } | null;
  principal: TPrincipal;
  now: Date;
};

/** A new challenge's code and row, inserted with its first send (see sendOtpCode's newChallenge). */
function newChallenge({ labId, input, to, email, channels, settings, facts, principal, now }: TInsertChallengeOptions) {
  const id = newId();
  const code = generateOtpCode(input.codeLength ?? settings.codeLength);
  const expiresAt = new Date(now.getTime() + settings.expiryMinutes * 60_000);
  const startedBy = principal.kind === "apiKey" ? `apiKey:${principal.apiKeyId}` : `user:${principal.userId}`;
  const insert = (sent: { channelIndex: number; messageId: string } | null) => Prisma.sql`
    INSERT INTO "OtpChallenge" (id, "labId", purpose, "to", email, channels, language, "codeLength", "codeHash", "codeSealed", "maxChecks", "maxSends",
      "resendCooldownSeconds", "fallbackAfterSeconds", "expiresAt", country, prefix, "startedBy", "idempotencyKey",
      "channelIndex", "currentMessageId", sends, "lastSentAt", "createdAt", "updatedAt")
    VALUES (${id}, ${labId}, ${input.purpose}, ${to}, ${email}, ${channels}::"Channel"[], ${input.language ?? null}, ${code.length},
      ${hashOtpCode(id, input.purpose, code)}, ${sealOtpCode(id, code)}, ${MAX_CHECKS}, ${MAX_SENDS}, ${settings.resendCooldownSeconds},
      ${settings.fallbackAfterSeconds}, ${sqlTimestamp(expiresAt)}, ${facts?.country ?? null}, ${facts?.prefix ?? null}, ${startedBy},
      ${input.idempotencyKey ?? null}, ${sent?.channelIndex ?? 0}, ${sent?.messageId ?? null}, ${sent ? 1 : 0}, ${sent ? sqlTimestamp(now) : null},
      ${sqlTimestamp(now)}, ${sqlTimestamp(now)})`;
  const events: TOtpEvent[] = [{ challengeId: id, labId, type: "started", detail: { purpose: input.purpose, channels, startedBy } }];
  return {
    id, code, labId, channels, language: input.language ?? null, expiresAt, fallbackAfterSeconds: settings.fallbackAfterSeconds,
    checks: 0, maxChecks: MAX_CHECKS, sends: 0, maxSends: MAX_SENDS, resendCooldownSeconds: settings.resendCooldownSeconds,
    insert, events,
  };
}

/** The same key answers with its challenge as it is now, and sends nothing; another request under it is a conflict. */
async function replayStart(db: Db, labId: string, input: TStartOtpInput, to: string, now: Date): Promise<TStartOtpResult | null> {
  const existing = await db.otpChallenge.findUnique({
    where: { labId_idempotencyKey: { labId, idempotencyKey: input.idempotencyKey! } },
    select: { ...challengeRowSelect, to: true, purpose: true },
  });
  if (!existing) return null;
  if (existing.to !== to || existing.purpose !== input.purpose) {
    throw new AppError("CONFLICT", `"${input.idempotencyKey}" was already used for another recipient or purpose`, "idempotencyKey");
  }
  return { ...challengeView(existing, now), resent: false, replayed: true };
}
