// The simulator's Unifonic messages: what each goes through, and how Unifonic reports it.
import { smsSegments } from "../../src/server/domain/sms-segments";
import { LATE_DELIVERY_MS, type TSimOutcome } from "../outcomes";
import type { TSimContext } from "../types";

export type TUnifonicMessage = {
  id: string;
  appSid: string;
  senderId: string;
  recipient: string;
  body: string;
  correlationId: string | null;
  statusCallback: string | null;
  units: number;
  createdAt: Date;
  /** The final DLR, when it comes, and whether Unifonic calls back with it. */
  dlr: { status: "Delivered" | "Undeliverable"; afterMs: number; callback: boolean };
  /** Set once the DLR callback went out (the message has reached it, whatever the clock says). */
  reportedAt: Date | null;
};

/** Unifonic bills per unit (segment) in the account's currency; Saudi accounts pay in SAR. */
export const PRICE_PER_UNIT = 0.05;
export const CURRENCY = "SAR";
const DLR_MS = 300;
const MAX_MESSAGES = 100_000;

const states = new WeakMap<TSimContext, { messages: Map<string, TUnifonicMessage>; next: number }>();

export function unifonicState(context: TSimContext) {
  let state = states.get(context);
  if (!state) {
    // Unifonic's MessageIDs are 13-digit numbers.
    state = { messages: new Map(), next: 3_200_017_000_000 + Math.floor(Math.random() * 1_000_000) };
    states.set(context, state);
  }
  return state;
}

type TCreate = { appSid: string; senderId: string; recipient: string; body: string; correlationId: string | null; statusCallback: string | null; outcome: TSimOutcome };

export function createUnifonicMessage(context: TSimContext, input: TCreate): TUnifonicMessage {
  const state = unifonicState(context);
  state.next += 1;
  const dlr: TUnifonicMessage["dlr"] =
    input.outcome === "undeliverable" || input.outcome === "unsubscribed"
      ? { status: "Undeliverable", afterMs: DLR_MS, callback: true }
      : input.outcome === "late"
        ? // Delivered, but the report never comes as a callback: only a lookup sees it.
          { status: "Delivered", afterMs: LATE_DELIVERY_MS, callback: false }
        : { status: "Delivered", afterMs: DLR_MS, callback: true };
  const message: TUnifonicMessage = { ...input, id: String(state.next), units: smsSegments(input.body).segments, createdAt: new Date(), dlr, reportedAt: null };
  state.messages.set(message.id, message);
  if (state.messages.size > MAX_MESSAGES) state.messages.delete(state.messages.keys().next().value as string);
  return message;
}

/** Unifonic's times: "2018-05-07 06:41:53.237", UTC. */
export function unifonicTime(date: Date): string {
  return date.toISOString().replace("T", " ").replace("Z", "");
}

/** The DLR the message shows at `now`: its final state once reached, "Sent" before. */
export function dlrOf(message: TUnifonicMessage, now = new Date()): string {
  const reached = message.reportedAt !== null || now.getTime() - message.createdAt.getTime() >= message.dlr.afterMs;
  return reached ? message.dlr.status : "Sent";
}

/** One message as GetMessagesDetails lists it. */
export function messageDetails(message: TUnifonicMessage): Record<string, unknown> {
  return {
    MessageID: Number(message.id),
    CorrelationID: message.correlationId ?? "",
    Status: "Sent",
    MessageBody: message.body,
    Country: "Saudi Arabia",
    DLR: dlrOf(message),
    NumberOfUnits: message.units,
    Cost: Number((message.units * PRICE_PER_UNIT).toFixed(4)),
    SenderID: message.senderId,
    Recipient: message.recipient,
    DateCreated: unifonicTime(message.createdAt),
    DateSent: unifonicTime(message.createdAt),
  };
}
