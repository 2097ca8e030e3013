import type { Prisma } from "@/generated/prisma/client";

/**
 * What callers see of a message in lists: status, addressing and delivery
 * facts. Never the worker's claim (claimedBy/claimedAt) or account internals;
 * content and variables only on the detail view.
 */
export const defaultMessageSelect = {
  id: true,
  labId: true,
  contactId: true,
  triggerKey: true,
  channel: true,
  language: true,
  category: true,
  critical: true,
  status: true,
  skipReason: true,
  to: true,
  provider: true,
  providerMessageId: true,
  attempts: true,
  nextAttemptAt: true,
  sendAt: true,
  errorCode: true,
  errorMessage: true,
  segments: true,
  encoding: true,
  cost: true,
  currency: true,
  idempotencyKey: true,
  requestId: true,
  sentAt: true,
  deliveredAt: true,
  redactedAt: true,
  createdAt: true,
  updatedAt: true,
  contact: { select: { externalId: true, name: true } },
} satisfies Prisma.MessageSelect;

/** The detail view adds the rendered content, the request's variables and the timeline. */
export const messageDetailSelect = {
  ...defaultMessageSelect,
  templateVersionId: true,
  subject: true,
  body: true,
  html: true,
  text: true,
  variables: true,
  events: {
    select: { id: true, type: true, status: true, source: true, detail: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.MessageSelect;

type TWithCost = { cost: Prisma.Decimal | null };

/** Decimal is a class clients cannot rebuild; money travels as a decimal string. */
export function withPlainCost<T extends TWithCost>(message: T): Omit<T, "cost"> & { cost: string | null } {
  return { ...message, cost: message.cost?.toString() ?? null };
}
