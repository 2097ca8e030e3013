import { randomUUID } from "node:crypto";
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { ZSendItem } from "@/server/domain/send";
import { AppError } from "@/server/errors";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { sendNotifications } from "@/server/services/notifications/send-notifications";
import { sampleVariables } from "@/server/services/templates/sample-variables";
import { retryDelayMs } from "@/server/jobs/local/retry-delay";
import { loadAccountChains } from "@/server/services/business-accounts/load-account-chains";
import { RETRY_BACKOFF } from "@/server/services/delivery/delivery-settings";

export type TSendTestMessageOptions = {
  db: Db;
  lab: TLabForSend;
  channel: Channel;
  /** A phone number (SMS, WhatsApp) or an email address. */
  to: string;
  trigger: string;
  /** How long to wait for the message to settle before reporting its status; by default as long as its retries can take. */
  waitMs?: number;
};

/** One contact per lab receives every test, so repeated checks do not fill the contact list. */
const TEST_CONTACT_EXTERNAL_ID = "herald-send-test";
const ADDRESS_FIELD = { SMS: "phone", WHATSAPP: "whatsapp", EMAIL: "email" } as const satisfies Record<Channel, string>;
// Still on its way: keep waiting. Anything else is an answer (delivered, failed, skipped, ...).
const IN_FLIGHT: ReadonlySet<MessageStatus> = new Set(["SCHEDULED", "QUEUED", "SENDING", "SENT"]);
// Per attempt, for the executor to take the job up and the provider to answer.
const ATTEMPT_ALLOWANCE_MS = 2_000;

/**
 * The longest the message can take to settle on its lab's account chain: every attempt each account
 * allows, with the delivery backoff's longest delay before each retry (failing over is immediate).
 */
async function settleWaitMs(db: Db, labId: string, channel: Channel): Promise<number> {
  const chain = (await loadAccountChains(db, [{ labId, channel }])).chain(labId, channel);
  let waitMs = ATTEMPT_ALLOWANCE_MS;
  for (const account of chain) {
    for (let attempt = 1; attempt <= account.maxAttempts; attempt++) {
      waitMs += ATTEMPT_ALLOWANCE_MS + (attempt < account.maxAttempts ? retryDelayMs(RETRY_BACKOFF, attempt, () => 1) : 0);
    }
  }
  return waitMs;
}

/**
 * Sends the trigger with sample values to one address through the normal send
 * flow (the lab's enablement, hard stop, templates and accounts all apply, so
 * the check is honest), then waits until it settles (or its retries could have) and reports where it got.
 */
export async function sendTestMessage({ db, lab, channel, to, trigger, waitMs }: TSendTestMessageOptions) {
  const definition = await db.trigger.findUnique({ where: { key: trigger }, select: { variables: true } });
  if (!definition) throw new AppError("NOT_FOUND", `no trigger "${trigger}"; load the catalogue with sync-templates`, "--trigger");
  const item = ZSendItem.safeParse({
    trigger,
    recipient: { externalId: TEST_CONTACT_EXTERNAL_ID, name: "Herald send-test", [ADDRESS_FIELD[channel]]: to },
    variables: sampleVariables(definition.variables, lab.defaultLanguage),
    channels: [channel],
  });
  if (!item.success) throw new AppError("BAD_REQUEST", item.error.issues[0]!.message, "--to");

  const result = await sendNotifications({ db, lab, requestId: `send-test-${randomUUID()}`, items: [item.data], itemPath: () => "" });
  const outcome = result.items[0]!.channels[0]!;
  let status: MessageStatus = outcome.status === "skipped" ? "SKIPPED" : outcome.status === "scheduled" ? "SCHEDULED" : "QUEUED";
  const deadline = Date.now() + (waitMs ?? (await settleWaitMs(db, lab.id, channel)));
  while (outcome.status === "queued" && IN_FLIGHT.has(status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    status = (await db.message.findUniqueOrThrow({ where: { id: outcome.messageId }, select: { status: true } })).status;
  }
  const message = await db.message.findUniqueOrThrow({ where: { id: outcome.messageId }, select: { to: true, provider: true, errorCode: true, errorMessage: true } });
  return { messageId: outcome.messageId, channel, status, reason: outcome.reason, ...message };
}
