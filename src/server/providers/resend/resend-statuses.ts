// Resend's email states (an email's `last_event`, and the email.* webhook events) onto Herald's statuses.
import type { TProviderStatus } from "@/server/providers/types";

export const RESEND_LAST_EVENTS = [
  "scheduled",
  "queued",
  "sent",
  "delivery_delayed",
  "delivered",
  "opened",
  "clicked",
  "complained",
  "bounced",
  "failed",
  "suppressed",
  "canceled",
] as const;
export type TResendLastEvent = (typeof RESEND_LAST_EVENTS)[number];

/**
 * Null means "nothing Herald tracks": the email has not been handed on yet (scheduled, queued), and a
 * status lookup reports nothing. Herald's SENT is "the provider took it"; DELIVERED "the recipient's
 * server took it".
 */
export const RESEND_STATUS_BY_LAST_EVENT: Record<TResendLastEvent, TProviderStatus | null> = {
  scheduled: null,
  queued: null,
  sent: "SENT",
  // Still trying (a full mailbox, a slow server): the message stays SENT.
  delivery_delayed: "SENT",
  delivered: "DELIVERED",
  // Opens and clicks need tracking pixels that proxies fire on their own, so they prove delivery, not reading.
  opened: "DELIVERED",
  clicked: "DELIVERED",
  // A spam report: it was delivered; the address is suppressed separately (webhook).
  complained: "DELIVERED",
  // Resend's bounced is the recipient's server refusing it for good.
  bounced: "UNDELIVERED",
  failed: "FAILED",
  // Resend did not send it: the address is on the account's suppression list.
  suppressed: "FAILED",
  // Only a scheduled email can be canceled; Herald schedules itself, so this is someone's manual cancel.
  canceled: "FAILED",
};

export function statusOfLastEvent(lastEvent: string): TProviderStatus | null {
  return Object.hasOwn(RESEND_STATUS_BY_LAST_EVENT, lastEvent) ? RESEND_STATUS_BY_LAST_EVENT[lastEvent as TResendLastEvent] : null;
}

/** Webhook event types Herald acts on, and the status each reports (null: suppression only, or nothing). */
export const RESEND_STATUS_BY_EVENT = {
  "email.sent": "SENT",
  "email.delivered": "DELIVERED",
  "email.delivery_delayed": null,
  "email.bounced": "UNDELIVERED",
  "email.complained": "DELIVERED",
  "email.failed": "FAILED",
  "email.suppressed": "FAILED",
} as const satisfies Record<string, TProviderStatus | null>;
export type TResendTrackedEvent = keyof typeof RESEND_STATUS_BY_EVENT;

export function isTrackedEvent(type: string): type is TResendTrackedEvent {
  return Object.hasOwn(RESEND_STATUS_BY_EVENT, type);
}
