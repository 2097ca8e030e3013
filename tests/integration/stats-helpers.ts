// A known mix of messages for the statistics tests, written as the pipeline leaves them (with the
// event each change writes), at chosen times in a lab's own time zone.
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import { db } from "@/server/db";

export type TMixSpec = {
  n?: number;
  channel: Channel;
  triggerKey?: string;
  status: MessageStatus;
  /** Local wall time in the lab's zone, e.g. "2026-11-01T10:00". */
  at: string;
  accountId?: string;
  provider?: string;
  cost?: string;
  currency?: string;
  segments?: number;
  errorCode?: string;
  skipReason?: string;
  sentAfterMs?: number;
  deliveredAfterMs?: number;
};

/** A UTC instant from a wall time at a fixed offset (the test labs use zones without DST). */
export function localTime(wall: string, offsetHours: number): Date {
  return new Date(new Date(`${wall}:00Z`).getTime() - offsetHours * 3_600_000);
}

/** Writes the mix in two bulk statements (messages, then their events), in the order given. */
export async function writeMix(labId: string, offsetHours: number, specs: TMixSpec[]): Promise<string[]> {
  const rows = specs.flatMap((spec) =>
    Array.from({ length: spec.n ?? 1 }, (_, i) => {
      const createdAt = localTime(spec.at, offsetHours);
      const sentAt = spec.sentAfterMs === undefined ? null : new Date(createdAt.getTime() + spec.sentAfterMs);
      const deliveredAt = sentAt && spec.deliveredAfterMs !== undefined ? new Date(sentAt.getTime() + spec.deliveredAfterMs) : null;
      return {
        labId, channel: spec.channel, triggerKey: spec.triggerKey ?? "REPORT_READY", category: "results", status: spec.status,
        to: spec.channel === "EMAIL" ? `p${i}@example.test` : `+96650123${String(i).padStart(4, "0")}`, body: "Report R-1 is ready.",
        businessAccountId: spec.accountId, provider: spec.provider, cost: spec.cost, currency: spec.currency, segments: spec.segments,
        errorCode: spec.errorCode, errorMessage: spec.errorCode && "refused", skipReason: spec.skipReason, sentAt, deliveredAt, createdAt,
      };
    }),
  );
  const messages = await db().message.createManyAndReturn({ data: rows, select: { id: true, status: true } });
  await db().messageEvent.createMany({
    data: messages.map((m) => ({ messageId: m.id, labId, type: m.status === "SKIPPED" ? "skipped" : "queued", status: m.status, source: "api" })),
  });
  return messages.map((m) => m.id);
}
