// What the Resend simulator remembers per simulator: the emails it accepted (for status lookups)
// and the answers it gave per Idempotency-Key (for 24 hours, as Resend keeps them).
import { createHash } from "node:crypto";
import { LATE_DELIVERY_MS, type TSimOutcome } from "../outcomes";
import type { TSimContext } from "../types";
import type { TResendEmail } from "./resend-request";

export type TStoredEmail = TResendEmail & { id: string; account: string; createdAt: Date; outcome: TSimOutcome };

type TIdempotentAnswer = { bodyHash: string; body: unknown; expiresAt: number };

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
// A benchmark or a long demo would otherwise keep every email it ever sent.
const MAX_EMAILS = 200_000;
const MAX_KEYS = 200_000;

/** Where each outcome ends, as GET /emails/:id's last_event shows it. */
const FINAL_EVENT: Record<Exclude<TSimOutcome, "invalid_address">, string> = {
  deliver: "delivered",
  transient: "delivered",
  late: "delivered",
  complaint: "complained",
  undeliverable: "bounced",
  unsubscribed: "suppressed",
};

export class ResendStore {
  private readonly emails = new Map<string, TStoredEmail>();
  private readonly answers = new Map<string, TIdempotentAnswer>();

  addEmail(email: TStoredEmail): void {
    if (this.emails.size >= MAX_EMAILS) this.emails.delete(this.emails.keys().next().value as string);
    this.emails.set(email.id, email);
  }

  /** An email of this account; another account's id is as unknown as a made-up one. */
  email(account: string, id: string): TStoredEmail | undefined {
    const email = this.emails.get(id);
    return email?.account === account ? email : undefined;
  }

  lastEvent(email: TStoredEmail, now = Date.now()): string {
    if (email.outcome === "invalid_address") return "failed";
    if (email.outcome === "late" && now < email.createdAt.getTime() + LATE_DELIVERY_MS) return "sent";
    return FINAL_EVENT[email.outcome];
  }

  /** The earlier answer for this key and body; "conflict" when the key came with another body. */
  replay(account: string, key: string, body: unknown, now = Date.now()): { body: unknown } | "conflict" | null {
    const stored = this.answers.get(`${account}\n${key}`);
    if (!stored || stored.expiresAt <= now) return null;
    return stored.bodyHash === hashBody(body) ? { body: stored.body } : "conflict";
  }

  remember(account: string, key: string, requestBody: unknown, answer: unknown, now = Date.now()): void {
    if (this.answers.size >= MAX_KEYS) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(`${account}\n${key}`, { bodyHash: hashBody(requestBody), body: answer, expiresAt: now + IDEMPOTENCY_TTL_MS });
  }
}

const stores = new WeakMap<TSimContext["ledger"], ResendStore>();

/** One store per running simulator (its ledger identifies it), so two simulators in a process stay apart. */
export function resendStoreOf(context: TSimContext): ResendStore {
  let store = stores.get(context.ledger);
  if (!store) {
    store = new ResendStore();
    stores.set(context.ledger, store);
  }
  return store;
}

// The same request serialised with its keys in another order is still the same request.
function hashBody(body: unknown): string {
  return createHash("sha256").update(JSON.stringify(canonical(body))).digest("hex");
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}
