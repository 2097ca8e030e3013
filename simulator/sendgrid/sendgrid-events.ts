// The Event Webhook calls SendGrid makes for one recipient of an accepted message, per outcome,
// signed as SendGrid signs them.
import { randomBytes } from "node:crypto";
import type { TCallback } from "../callbacks";
import { LATE_DELIVERY_MS, type TSimOutcome } from "../outcomes";
import type { TSimAccount, TSimContext } from "../types";
import { signEvents, signingKeyFor } from "./sendgrid-signing-key";

export type TRecipientSend = {
  account: TSimAccount;
  /** The API key: the account, for faults. */
  apiKey: string;
  /** X-Message-Id of the send. */
  messageId: string;
  /** The recipient's position in the send, which SendGrid puts in its sg_message_id. */
  index: number;
  email: string;
  /** Personalization custom args over message-level ones: SendGrid copies them into each event. */
  customArgs: Record<string, string>;
  heraldMessageId: string | null;
};

type TEventSpec = { event: string; fields?: Record<string, unknown> };

const EVENTS_BY_OUTCOME: Record<Exclude<TSimOutcome, "invalid_address" | "late">, TEventSpec[]> = {
  deliver: [{ event: "processed" }, { event: "delivered", fields: { response: "250 2.0.0 OK", tls: 1 } }],
  transient: [
    { event: "processed" },
    { event: "deferred", fields: { response: "451 4.7.1 Please try again later", attempt: "1", tls: 1 } },
    { event: "delivered", fields: { response: "250 2.0.0 OK", tls: 1 } },
  ],
  undeliverable: [
    { event: "processed" },
    {
      event: "bounce",
      fields: { type: "bounce", status: "5.1.1", reason: "550 5.1.1 The email account that you tried to reach does not exist.", bounce_classification: "Invalid Address", tls: 1 },
    },
  ],
  complaint: [{ event: "processed" }, { event: "delivered", fields: { response: "250 2.0.0 OK", tls: 1 } }, { event: "spamreport" }],
  unsubscribed: [{ event: "dropped", fields: { reason: "Unsubscribed Address", status: "5.0.0" } }],
};

/** 22 url-safe characters, the shape of SendGrid's X-Message-Id and event ids. */
export function sendGridId(): string {
  return randomBytes(16).toString("base64url");
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

function callbackFor(send: TRecipientSend, spec: TEventSpec): TCallback {
  const sgEventId = sendGridId();
  const sgMessageId = `${send.messageId}.filterdrecv-6d8c5cf8b4-sim${send.index}-1-${Date.now().toString(16).toUpperCase()}-${send.index}.0`;
  // Made once, so a duplicate delivery carries the same event; only the signature is fresh each time.
  let body: string | undefined;
  return {
    url: send.account.webhookUrl!,
    label: `sendgrid:${spec.event}`,
    heraldMessageId: send.heraldMessageId,
    build() {
      body ??= JSON.stringify([
        {
          ...send.customArgs,
          email: send.email,
          timestamp: nowSeconds(),
          "smtp-id": `<${send.messageId}@geopod-ismtpd-sim-0>`,
          event: spec.event,
          sg_event_id: sgEventId,
          sg_message_id: sgMessageId,
          ...spec.fields,
        },
      ]);
      const timestamp = String(nowSeconds());
      return {
        headers: {
          "content-type": "application/json",
          "user-agent": "SendGrid Event API",
          "x-twilio-email-event-webhook-signature": signEvents(signingKeyFor(send.account), timestamp, body),
          "x-twilio-email-event-webhook-timestamp": timestamp,
        },
        body,
      };
    },
  };
}

/**
 * Queues the events of one recipient's outcome. A late delivery has only processed at first and its
 * delivered event after LATE_DELIVERY_MS: SendGrid has no lookup, so the event is how it is seen.
 */
export function scheduleEvents(send: TRecipientSend, outcome: Exclude<TSimOutcome, "invalid_address">, context: TSimContext): void {
  if (!send.account.webhookUrl) return;
  if (outcome === "late") {
    context.callbacks.sequence("sendgrid", send.apiKey, [callbackFor(send, { event: "processed" })]);
    const delivered = callbackFor(send, { event: "delivered", fields: { response: "250 2.0.0 OK", tls: 1 } });
    setTimeout(() => context.callbacks.sequence("sendgrid", send.apiKey, [delivered]), LATE_DELIVERY_MS).unref();
    return;
  }
  context.callbacks.sequence(
    "sendgrid",
    send.apiKey,
    EVENTS_BY_OUTCOME[outcome].map((spec) => callbackFor(send, spec)),
  );
}
