import type { Inngest } from "inngest";
import type { SqlRunner } from "@/server/db/sql-runner";
import { newId } from "@/server/db/new-id";
import type { JobRequest } from "@/server/jobs/job-request";
import { describeError } from "@/server/jobs/describe-error";
import { utcNow } from "@/server/jobs/local/utc-now";

/** An event as Inngest's send takes it. The id is always set, so a re-sent row is dropped by Inngest as a repeat. */
export type TOutboxEvent = { name: string; data: Record<string, unknown>; id: string; ts?: number };

/** An outbox row and the event it holds. */
export type TOutboxRow = { id: string; event: TOutboxEvent };

/** Sends events to Inngest in one call: the client's send, or a stand-in. */
export type TSendEvents = (events: TOutboxEvent[]) => Promise<void>;

export function inngestSender(client: Inngest.Any): TSendEvents {
  return async (events) => {
    await client.send(events);
  };
}

/**
 * Herald's own Inngest client as a sender, its SDK loaded at the first send: on the local back end
 * nothing is ever sent, and every process that hands off jobs (the server, each CLI command, each
 * executor thread) would otherwise load the SDK at start for nothing.
 */
export const heraldInngestSender: TSendEvents = async (events) => {
  const { inngest } = await import("@/inngest/client");
  await inngestSender(inngest)(events);
};

/** The event that triggers a job's Inngest function. */
export function jobEventName(id: string): string {
  return `herald/${id}`;
}

/**
 * Writes the jobs' events as OutboxEvent rows in one statement, through `db` (a transaction's, so
 * they commit with the work they are about). Inngest starts each run at `ts`; the event id is the
 * dedupe key, or the row id, so the relay may send a row twice without starting two runs.
 */
export async function writeOutboxEvents(db: SqlRunner, requests: readonly JobRequest[]): Promise<TOutboxRow[]> {
  if (requests.length === 0) return [];
  const rows = requests.map(({ definition, payload, runAt, dedupeKey }): TOutboxRow => {
    const id = newId();
    const event = { name: jobEventName(definition.id), data: payload, id: dedupeKey ?? id, ...(runAt !== undefined && { ts: runAt.getTime() }) };
    return { id, event };
  });
  await db.$executeRaw`
    INSERT INTO "OutboxEvent" (id, name, payload, "createdAt")
    SELECT u.id, u.name, u.payload, ${utcNow}
    FROM unnest(${rows.map((row) => row.id)}::text[], ${rows.map((row) => row.event.name)}::text[],
                ${rows.map((row) => JSON.stringify(row.event))}::jsonb[]) AS u(id, name, payload)`;
  return rows;
}

/**
 * Sends the rows' events in one call and marks them sent; when the send fails, counts the attempt
 * and keeps its error on the rows (for the relay job and for whoever looks) and throws it.
 */
export async function sendOutboxRows(db: SqlRunner, send: TSendEvents, rows: readonly TOutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.id);
  try {
    await send(rows.map((row) => row.event));
  } catch (error) {
    await db.$executeRaw`
      UPDATE "OutboxEvent" SET attempts = attempts + 1, "lastError" = ${describeError(error)}
      WHERE id = ANY(${ids}::text[]) AND "sentAt" IS NULL`;
    throw error;
  }
  await db.$executeRaw`UPDATE "OutboxEvent" SET "sentAt" = ${utcNow} WHERE id = ANY(${ids}::text[]) AND "sentAt" IS NULL`;
}

export type TRelayOutboxOptions = {
  db: SqlRunner;
  send: TSendEvents;
  /** Untried rows younger than this are left to the relay their own request runs after its commit. */
  untriedGraceMs?: number;
  /** Events per send call. */
  batchSize?: number;
};

/**
 * Sends every unsent event, oldest first, in batches: those whose first send failed and those whose
 * writer died before sending. Stops at the first failed batch (Inngest is down: the rest would fail
 * too) and reports it; the next run starts over.
 */
export async function relayOutbox({ db, send, untriedGraceMs = 10_000, batchSize = 50 }: TRelayOutboxOptions): Promise<{ sent: number; failed: number; error?: string }> {
  let sent = 0;
  let after = "";
  for (;;) {
    const page = await db.$queryRaw<{ id: string; payload: TOutboxEvent; createdAt: Date }[]>`
      SELECT id, payload, "createdAt" FROM "OutboxEvent"
      WHERE "sentAt" IS NULL AND (attempts > 0 OR "createdAt" < ${utcNow} - ${untriedGraceMs}::int * interval '1 millisecond')
        AND id > ${after}
      ORDER BY id
      LIMIT ${batchSize}::int`;
    if (page.length === 0) return { sent, failed: 0 };
    try {
      await sendOutboxRows(db, send, page.map((row) => ({ id: row.id, event: row.payload })));
    } catch (error) {
      return { sent, failed: page.length, error: describeError(error) };
    }
    sent += page.length;
    if (page.length < batchSize) return { sent, failed: 0 };
    after = page.at(-1)!.id;
  }
}

/** Deletes sent rows older than `sentBefore`, `batchSize` at a time; returns how many. */
export async function pruneOutbox(db: SqlRunner, { sentBefore, batchSize = 1_000 }: { sentBefore: Date; batchSize?: number }): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM "OutboxEvent" WHERE id IN (
        SELECT id FROM "OutboxEvent" WHERE "sentAt" IS NOT NULL AND "sentAt" < ${sentBefore}::timestamp(3) LIMIT ${batchSize}::int)`;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
