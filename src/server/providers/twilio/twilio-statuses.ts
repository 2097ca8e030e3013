/**
 * Twilio's message statuses (message_enum_status) onto Herald's. null: not a delivery report.
 *
 * | Twilio              | Herald      | why |
 * | ------------------- | ----------- | --- |
 * | accepted            | (none)      | a Messaging Service took it and has not picked a sender: still at Twilio |
 * | scheduled           | (none)      | waiting for its SendAt: still at Twilio |
 * | queued              | (none)      | in Twilio's outbound queue: still at Twilio |
 * | sending             | (none)      | being handed to the carrier, not yet taken |
 * | sent                | SENT        | the carrier (or WhatsApp) took it |
 * | delivered           | DELIVERED   | the handset confirmed it |
 * | partially_delivered | DELIVERED   | some parts of a multi-part message arrived: the patient has the message, so it is not resent or failed over (a resend would duplicate what did arrive) |
 * | read                | READ        | WhatsApp read receipt |
 * | undelivered         | UNDELIVERED | the carrier could not deliver it (ErrorCode says why) |
 * | failed              | FAILED      | Twilio could not send it (e.g. 63016 outside the WhatsApp window) |
 * | canceled            | FAILED      | a scheduled message canceled before sending: it will never arrive |
 * | receiving, received | (none)      | statuses of inbound messages, not of ours |
 *
 * Herald records its own SENT when Twilio accepts a message, so the statuses that mean "still at
 * Twilio" add nothing: callbacks carrying them (or a status Twilio adds later) are ignored, and a
 * status lookup reports SENT for them.
 */
import type { TProviderStatus } from "@/server/providers/types";

export const TWILIO_MESSAGE_STATUSES = [
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "partially_delivered",
  "read",
  "undelivered",
  "failed",
  "canceled",
  "receiving",
  "received",
] as const;
export type TTwilioMessageStatus = (typeof TWILIO_MESSAGE_STATUSES)[number];

export const TWILIO_STATUS_MAP: Record<TTwilioMessageStatus, TProviderStatus | null> = {
  accepted: null,
  scheduled: null,
  queued: null,
  sending: null,
  sent: "SENT",
  delivered: "DELIVERED",
  partially_delivered: "DELIVERED",
  read: "READ",
  undelivered: "UNDELIVERED",
  failed: "FAILED",
  canceled: "FAILED",
  receiving: null,
  received: null,
};


/** Herald's status for a Twilio status; null for statuses that report nothing (and for unknown ones). */
export function mapTwilioStatus(status: string): TProviderStatus | null {
  return Object.hasOwn(TWILIO_STATUS_MAP, status) ? TWILIO_STATUS_MAP[status as TTwilioMessageStatus] : null;
}

/** Statuses only inbound messages have. */
export function isInboundStatus(status: string): boolean {
  return status === "receiving" || status === "received";
}
