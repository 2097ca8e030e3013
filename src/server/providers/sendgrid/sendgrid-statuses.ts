// SendGrid's Event Webhook events, mapped onto Herald's statuses and suppressions.
//
// | event             | status       | suppression                                                  |
// | ----------------- | ------------ | ------------------------------------------------------------ |
// | processed         | SENT         | -                                                            |
// | deferred          | - (retrying) | -                                                            |
// | delivered         | DELIVERED    | -                                                            |
// | bounce, bounce    | UNDELIVERED  | hard_bounce                                                  |
// | bounce, blocked   | UNDELIVERED  | - (the receiving server refused this once: not the address)  |
// | dropped           | FAILED       | by reason: Unsubscribed Address -> provider_unsubscribed,    |
// |                   |              | Bounced Address -> hard_bounce, Spam Reporting Address ->    |
// |                   |              | complaint; other reasons none                                |
// | spamreport        | -            | complaint                                                    |
// | unsubscribe       | -            | provider_unsubscribed                                        |
// | group_unsubscribe | -            | provider_unsubscribed                                        |
// | open, click, ...  | ignored      | ignored                                                      |
//
// processed is SendGrid accepting the message for delivery, which is what SENT means; its own
// time goes on the timeline, and since statuses only move forward a late one changes nothing.
import type { TProviderStatus, TSuppressionReason } from "@/server/providers/types";

export type TSendGridEventMapping = { status: TProviderStatus | null; suppress: TSuppressionReason | null };

/** The events Herald tracks; any other event is ignored. bounce and dropped are refined by the event's own fields below. */
export const SENDGRID_EVENT_MAPPING: Readonly<Record<string, TSendGridEventMapping>> = {
  processed: { status: "SENT", suppress: null },
  deferred: { status: null, suppress: null },
  delivered: { status: "DELIVERED", suppress: null },
  bounce: { status: "UNDELIVERED", suppress: "hard_bounce" },
  dropped: { status: "FAILED", suppress: null },
  spamreport: { status: null, suppress: "complaint" },
  unsubscribe: { status: null, suppress: "provider_unsubscribed" },
  group_unsubscribe: { status: null, suppress: "provider_unsubscribed" },
};

/** A dropped message's reason, when it says SendGrid holds the address on one of its suppression lists. */
export const SENDGRID_DROP_REASON_SUPPRESSIONS: readonly (readonly [string, TSuppressionReason])[] = [
  ["Unsubscribed Address", "provider_unsubscribed"],
  ["Bounced Address", "hard_bounce"],
  ["Spam Reporting Address", "complaint"],
];

/** What one event means, or null for events Herald does not track. */
export function mapSendGridEvent(event: { event: string; type?: string; reason?: string }): TSendGridEventMapping | null {
  const mapping = Object.hasOwn(SENDGRID_EVENT_MAPPING, event.event) ? SENDGRID_EVENT_MAPPING[event.event]! : null;
  if (!mapping) return null;
  if (event.event === "bounce" && event.type === "blocked") return { ...mapping, suppress: null };
  if (event.event === "dropped") {
    const reason = event.reason?.toLowerCase() ?? "";
    const match = SENDGRID_DROP_REASON_SUPPRESSIONS.find(([text]) => reason.includes(text.toLowerCase()));
    return { ...mapping, suppress: match?.[1] ?? null };
  }
  return mapping;
}
