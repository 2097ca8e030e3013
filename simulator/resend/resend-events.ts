// The webhook events Resend sends for an accepted email, by outcome, signed as Svix signs them.
import { randomBytes } from "node:crypto";
import { Webhook } from "svix";
import type { TCallback } from "../callbacks";
import type { TSimOutcome } from "../outcomes";
import type { TSimAccount, TSimContext } from "../types";
import type { TStoredEmail } from "./resend-store";

const EVENTS_BY_OUTCOME: Record<TSimOutcome, string[]> = {
  invalid_address: [],
  unsubscribed: ["email.suppressed"],
  undeliverable: ["email.sent", "email.bounced"],
  transient: ["email.sent", "email.delivery_delayed", "email.delivered"],
  complaint: ["email.sent", "email.delivered", "email.complained"],
  late: ["email.sent"],
  deliver: ["email.sent", "email.delivered"],
};

/** What each event adds to `data`, as Resend's payloads carry it. */
const DETAILS: Record<string, Record<string, unknown>> = {
  "email.bounced": {
    bounce: {
      type: "Permanent",
      subType: "General",
      message: "The recipient's email provider sent a hard bounce message: the address does not exist.",
      diagnosticCode: ["smtp; 550 5.1.1 user unknown"],
    },
  },
  "email.suppressed": {
    suppressed: {
      type: "OnAccountSuppressionList",
      reason: "previous_bounce",
      message: "Resend did not send this email: the recipient is on the account's suppression list.",
      diagnosticCode: [],
    },
  },
};

/** Sends an accepted email's events to the account's webhook; an account without one gets none, as in Resend. */
export function sendEmailEvents(email: TStoredEmail, account: TSimAccount | undefined, context: TSimContext): void {
  if (!account?.webhookUrl || !account.webhookSecret) return;
  let signer: Webhook;
  try {
    signer = new Webhook(account.webhookSecret);
  } catch {
    // A secret Svix cannot use signs nothing; Resend would never have issued it.
    return;
  }
  const url = account.webhookUrl;
  const callbacks = EVENTS_BY_OUTCOME[email.outcome].map((type, index): TCallback => {
    // Each event is one Svix message: its id stays the same on a retry or a duplicate delivery.
    const svixId = `msg_${randomBytes(16).toString("base64url")}`;
    // Events happen in order, a few milliseconds apart, whatever order they are delivered in.
    const createdAt = new Date(email.createdAt.getTime() + index * 5).toISOString();
    const body = JSON.stringify({ type, created_at: createdAt, data: eventData(email, type) });
    return {
      url,
      label: `resend ${type}`,
      heraldMessageId: email.tags.message_id ?? null,
      build: () => {
        const now = new Date();
        return {
          headers: {
            "content-type": "application/json",
            "svix-id": svixId,
            "svix-timestamp": String(Math.floor(now.getTime() / 1000)),
            "svix-signature": signer.sign(svixId, now, body),
          },
          body,
        };
      },
    };
  });
  context.callbacks.sequence("resend", email.account, callbacks);
}

function eventData(email: TStoredEmail, type: string): Record<string, unknown> {
  return {
    email_id: email.id,
    created_at: email.createdAt.toISOString(),
    from: email.from,
    to: email.to,
    subject: email.subject,
    ...(Object.keys(email.tags).length > 0 && { tags: email.tags }),
    ...DETAILS[type],
  };
}
