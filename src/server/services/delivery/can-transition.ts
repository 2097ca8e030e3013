import type { MessageStatus } from "@/generated/prisma/enums";
import { STATUS_RANK, TERMINAL_STATUSES } from "@/server/domain/notifications";

const ALL_STATUSES = Object.keys(STATUS_RANK) as MessageStatus[];

/**
 * The one rule for status changes (ARCHITECTURE principle 3): a message only moves forward along
 * queued < sending < sent < delivered < read; terminal statuses never change; a failure reported
 * after delivery is stale (the delivery happened), and a repeated status is no change.
 * Cancelling and skipping apply only before a provider was handed the message.
 */
export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  if (from === to || TERMINAL_STATUSES.has(from)) return false;
  if (to === "UNDELIVERED" || to === "FAILED") return STATUS_RANK[from] < STATUS_RANK.DELIVERED;
  if (to === "CANCELLED" || to === "SKIPPED") return from === "SCHEDULED" || from === "QUEUED";
  return STATUS_RANK[to] > STATUS_RANK[from];
}

/** The statuses a message may be in to move to `to`: what a race-safe conditional UPDATE checks. */
export function allowedPredecessors(to: MessageStatus): MessageStatus[] {
  return ALL_STATUSES.filter((from) => canTransition(from, to));
}

/** The failure code of a message whose call got no answer (or whose worker stopped mid-call): sent or not, no one knew. */
export const OUTCOME_UNKNOWN = "outcome_unknown";

const PROVIDER_REPORTED: ReadonlySet<MessageStatus> = new Set(["SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED"]);

/**
 * The one exception to "terminal statuses never change": a message FAILED only because its outcome was
 * unknown takes whatever status its provider then reports (through a verified callback or Herald's own
 * lookup), the truth replacing the unknown. Every other FAILED stays as it is.
 */
export function canLiftUnknownOutcome(from: MessageStatus, errorCode: string | null, to: MessageStatus): boolean {
  return from === "FAILED" && errorCode === OUTCOME_UNKNOWN && PROVIDER_REPORTED.has(to);
}
