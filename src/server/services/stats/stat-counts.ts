import type { MessageStatus } from "@/generated/prisma/enums";

/** Counts of one slice of messages, with the rates a manager reads first. */
export type TStatCounts = {
  /** Every message, skipped ones included. */
  total: number;
  /** Handed to delivery and finished or under way with a provider: SENT, DELIVERED, READ, UNDELIVERED, FAILED. */
  sent: number;
  /** DELIVERED or READ. */
  delivered: number;
  /** UNDELIVERED or FAILED. */
  failed: number;
  /** SENT: with the provider, no delivery report yet. */
  awaitingReceipt: number;
  /** SCHEDULED, QUEUED or SENDING. */
  pending: number;
  skipped: number;
  cancelled: number;
  /** delivered / sent, null when nothing was sent. */
  deliveredRate: number | null;
  /** failed / sent, null when nothing was sent. */
  failureRate: number | null;
  byStatus: Partial<Record<MessageStatus, number>>;
};

const GROUP: Record<MessageStatus, "delivered" | "failed" | "awaitingReceipt" | "pending" | "skipped" | "cancelled"> = {
  DELIVERED: "delivered",
  READ: "delivered",
  UNDELIVERED: "failed",
  FAILED: "failed",
  SENT: "awaitingReceipt",
  SCHEDULED: "pending",
  QUEUED: "pending",
  SENDING: "pending",
  SKIPPED: "skipped",
  CANCELLED: "cancelled",
};

/** Adds status counts up into TStatCounts. */
export class StatCounter {
  private readonly byStatus: Partial<Record<MessageStatus, number>> = {};

  add(status: MessageStatus, count: number): this {
    this.byStatus[status] = (this.byStatus[status] ?? 0) + count;
    return this;
  }

  counts(): TStatCounts {
    const c = { total: 0, delivered: 0, failed: 0, awaitingReceipt: 0, pending: 0, skipped: 0, cancelled: 0 };
    for (const [status, n] of Object.entries(this.byStatus) as [MessageStatus, number][]) {
      c.total += n;
      c[GROUP[status]] += n;
    }
    const sent = c.delivered + c.failed + c.awaitingReceipt;
    return {
      ...c,
      sent,
      deliveredRate: sent === 0 ? null : c.delivered / sent,
      failureRate: sent === 0 ? null : c.failed / sent,
      byStatus: { ...this.byStatus },
    };
  }
}

/** One counter per key, kept in first-seen order. */
export class CounterMap<K> {
  readonly counters = new Map<K, StatCounter>();

  get(key: K): StatCounter {
    let counter = this.counters.get(key);
    if (!counter) this.counters.set(key, (counter = new StatCounter()));
    return counter;
  }
}

/** Statuses whose messages reached (or were refused by) a provider: what segments and costs are counted over. */
export const HANDED_OVER: ReadonlySet<MessageStatus> = new Set(["SENT", "DELIVERED", "READ", "UNDELIVERED", "FAILED"]);
