// The simulator's Message resources: what each message will go through, and how it looks now.
import { randomBytes } from "node:crypto";
// Twilio counts segments as its sms-segments-calculator does; Herald's count matches it (tested) and is far cheaper.
import { smsSegments } from "../../src/server/domain/sms-segments";
import { LATE_DELIVERY_MS, type TSimOutcome } from "../outcomes";
import type { TSimContext } from "../types";
import type { TCreateMessageForm } from "./twilio-form";

export const API_VERSION = "2010-04-01";
const WHATSAPP = "whatsapp:";
/** A status a message reaches: when (after creation), and whether Twilio calls back for it. */
export type TStep = { status: string; afterMs: number; callback: boolean; errorCode?: number; errorMessage?: string };

export type TSimMessage = {
  sid: string;
  accountSid: string;
  whatsapp: boolean;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string | null;
  segments: number;
  createdAt: Date;
  statusCallback: string | null;
  heraldMessageId: string | null;
  /** The auth token its callbacks are signed with. */
  signingToken: string;
  steps: TStep[];
  /** Steps whose callback was sent (so they happened, whatever the clock says), by index. */
  reachedAt: (Date | undefined)[];
};

/** What Twilio bills per SMS segment or WhatsApp message, in USD (its price is negative: a charge). */
const PRICE = { sms: 0.0075, whatsapp: 0.005 };
// A Messaging Service picks its sender when it sends; this is the pool's number.
const POOL_SENDER = "+15005550006";
// Statuses a callback-less message reaches on its own, one after another.
const STEP_MS = 500;
const MAX_MESSAGES = 100_000;
/** How long a WhatsApp user's message keeps the session open for free-form replies. */
export const SESSION_MS = 24 * 3_600_000;

const ERRORS = {
  unreachable: { errorCode: 30003, errorMessage: "Unreachable destination handset" },
  outsideWindow: {
    errorCode: 63016,
    errorMessage: "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.",
  },
};

/** Per simulator: its messages and open WhatsApp sessions. */
export type TTwilioState = { messages: Map<string, TSimMessage>; sessions: Map<string, number> };
const states = new WeakMap<TSimContext, TTwilioState>();

export function stateOf(context: TSimContext): TTwilioState {
  let state = states.get(context);
  if (!state) {
    state = { messages: new Map(), sessions: new Map() };
    states.set(context, state);
  }
  return state;
}

export function sessionKey(accountSid: string, address: string): string {
  return `${accountSid}:${address.startsWith(WHATSAPP) ? address.slice(WHATSAPP.length) : address}`;
}

export function newSid(prefix: "SM" | "MM"): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

type TCreateInput = { form: TCreateMessageForm & { To: string }; accountSid: string; signingToken: string; outcome: TSimOutcome; sessionOpen: boolean };

export function createMessage(state: TTwilioState, { form, accountSid, signingToken, outcome, sessionOpen }: TCreateInput): TSimMessage {
  const whatsapp = form.To.startsWith(WHATSAPP);
  const body = form.ContentSid ? null : (form.Body ?? "");
  const message: TSimMessage = {
    sid: newSid(form.MediaUrl?.length ? "MM" : "SM"),
    accountSid,
    whatsapp,
    to: form.To,
    from: form.From ?? null,
    messagingServiceSid: form.MessagingServiceSid ?? null,
    body,
    segments: whatsapp || body === null ? 1 : smsSegments(body).segments,
    createdAt: new Date(),
    statusCallback: form.StatusCallback ?? null,
    heraldMessageId: heraldMessageIdOf(form.StatusCallback),
    signingToken,
    // Free-form WhatsApp text is only allowed within 24 hours of the user's last message.
    steps: whatsapp && !form.ContentSid && !sessionOpen ? [step("failed", 0, ERRORS.outsideWindow)] : stepsFor(outcome, whatsapp),
    reachedAt: [],
  };
  state.messages.set(message.sid, message);
  if (state.messages.size > MAX_MESSAGES) state.messages.delete(state.messages.keys().next().value as string);
  return message;
}

function step(status: string, index: number, extra: Partial<TStep> = {}): TStep {
  return { status, afterMs: (index + 1) * STEP_MS, callback: true, ...extra };
}

function stepsFor(outcome: TSimOutcome, whatsapp: boolean): TStep[] {
  switch (outcome) {
    case "undeliverable":
      return [step("sent", 0), step("undelivered", 1, ERRORS.unreachable)];
    case "late":
      // Delivered, but the carrier's receipt never comes back as a callback: only a lookup sees it.
      return [step("sent", 0), { status: "delivered", afterMs: LATE_DELIVERY_MS, callback: false }];
    default:
      // transient and complaint are email outcomes; a text message is simply delivered.
      return whatsapp ? [step("sent", 0), step("delivered", 1), step("read", 2)] : [step("sent", 0), step("delivered", 1)];
  }
}

/** Herald's message id, from the `m` query parameter of the status callback URL. */
function heraldMessageIdOf(statusCallback: string | undefined): string | null {
  if (!statusCallback) return null;
  try {
    return new URL(statusCallback).searchParams.get("m");
  } catch {
    return null;
  }
}

/** The last step the message has reached by `now` (its callback was sent, or its time has come); -1 for none. */
function reachedIndex(message: TSimMessage, now: Date): number {
  let reached = -1;
  message.steps.forEach((s, i) => {
    if (message.reachedAt[i] || now.getTime() - message.createdAt.getTime() >= s.afterMs) reached = i;
  });
  return reached;
}

export function markReached(message: TSimMessage, index: number): void {
  message.reachedAt[index] ??= new Date();
}

function reachedAt(message: TSimMessage, index: number): Date {
  return message.reachedAt[index] ?? new Date(message.createdAt.getTime() + message.steps[index]!.afterMs);
}

/** Twilio's dates: RFC 2822 in GMT, "Thu, 24 Aug 2023 05:01:45 +0000". */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace("GMT", "+0000");
}

/** The Message resource as Twilio shows it at `now`. */
export function messageResource(message: TSimMessage, now = new Date()): Record<string, unknown> {
  const index = reachedIndex(message, now);
  const current = index >= 0 ? message.steps[index]! : null;
  const sentIndex = message.steps.findIndex((s, i) => i <= index && s.status === "sent");
  const sent = sentIndex >= 0;
  const poolSender = message.whatsapp ? `${WHATSAPP}${POOL_SENDER}` : POOL_SENDER;
  const viaServiceOnly = message.messagingServiceSid !== null && message.from === null;
  const uri = `/${API_VERSION}/Accounts/${message.accountSid}/Messages/${message.sid}.json`;
  return {
    account_sid: message.accountSid,
    api_version: API_VERSION,
    body: message.body,
    date_created: rfc2822(message.createdAt),
    date_sent: sent ? rfc2822(reachedAt(message, sentIndex)) : null,
    date_updated: rfc2822(index >= 0 ? reachedAt(message, index) : message.createdAt),
    direction: "outbound-api",
    error_code: current?.errorCode ?? null,
    error_message: current?.errorMessage ?? null,
    from: viaServiceOnly ? (sent ? poolSender : null) : message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: "0",
    // A Messaging Service reports 0 segments until it has chosen a sender.
    num_segments: String(viaServiceOnly && !sent ? 0 : message.segments),
    price: sent ? (-(message.segments * (message.whatsapp ? PRICE.whatsapp : PRICE.sms))).toFixed(5) : null,
    price_unit: sent ? "USD" : null,
    sid: message.sid,
    // A Messaging Service answers "accepted" until it picks a sender.
    status: current?.status ?? (message.messagingServiceSid ? "accepted" : "queued"),
    subresource_uris: { media: uri.replace(/\.json$/, "/Media.json") },
    to: message.to,
    uri,
  };
}
