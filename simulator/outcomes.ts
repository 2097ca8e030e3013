// What happens to a message, chosen by its address as in the in-process sandbox, so a test or a
// newcomer can pick an outcome without configuring anything. Faults (5xx, 429, timeouts) are set
// separately, per provider and account.

export type TSimOutcome =
  /** Refused at send: the address is not valid (Twilio 21211, SendGrid 400, Resend 422). */
  | "invalid_address"
  /** Refused at send: the recipient opted out at the provider (Twilio 21610). */
  | "unsubscribed"
  /** Accepted, then reported undeliverable (SMS/WhatsApp) or bounced permanently (email). */
  | "undeliverable"
  /** Accepted, then a transient problem (email: delivery delayed / soft bounce), then delivered. */
  | "transient"
  /** Accepted and delivered, then the recipient complained (email: spam report). */
  | "complaint"
  /** Accepted and sent, but delivery is only seen by a status lookup after LATE_DELIVERY_MS. */
  | "late"
  | "deliver";

/** How long a "late" message stays SENT before a status lookup shows it delivered. */
export const LATE_DELIVERY_MS = 2_000;

const BY_NUMBER_ENDING: Record<string, TSimOutcome> = {
  "0000": "invalid_address",
  "0001": "unsubscribed",
  "4444": "undeliverable",
  "2222": "late",
  "5555": "transient",
};

const BY_EMAIL_LOCAL_PART: Record<string, TSimOutcome> = {
  invalid: "invalid_address",
  unsubscribed: "unsubscribed",
  bounce: "undeliverable",
  undeliverable: "undeliverable",
  transient: "transient",
  complaint: "complaint",
  late: "late",
};

/** The outcome for an address: a phone number (any prefix, e.g. "whatsapp:") or an email address. */
export function outcomeFor(address: string): TSimOutcome {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.indexOf("@");
  if (at > 0) {
    const local = trimmed.slice(0, at).split("+")[0]!;
    return BY_EMAIL_LOCAL_PART[local] ?? "deliver";
  }
  const digits = trimmed.replace(/\D/g, "");
  return BY_NUMBER_ENDING[digits.slice(-4)] ?? "deliver";
}
