import type { Channel } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { loadAccountChains } from "@/server/services/business-accounts/load-account-chains";
import { otpLane } from "@/server/services/otp/otp-lane";

/** Messages of one lab (and, as far as known, one account) to dispatch together, not before runAt. */
export type TDispatchGroup = {
  labId: string;
  /** The account expected to send them: Inngest throttles per account on it. */
  businessAccountId: string | null;
  messageIds: string[];
  runAt?: Date;
};

/** What a transaction still owes its dispatch once it has committed: wake the executor, or send Inngest's events. */
export type TDispatchHandOff = { afterCommit(): Promise<void> };

/**
 * How delivery hands messages to whoever dispatches them. Delivery states what it needs; the job
 * layer implements it (src/server/jobs/definitions/dispatch-messages.ts) and installs it at start-up,
 * so delivery never imports the jobs that import delivery.
 */
export type TDispatchPort = {
  /** Queues dispatch of the groups now, in a write of its own. */
  schedule(groups: readonly TDispatchGroup[]): Promise<void>;
  /** Queues dispatch of the groups as part of `tx`, so it commits or rolls back with the messages. */
  scheduleInTransaction(tx: SqlRunner, groups: readonly TDispatchGroup[]): Promise<TDispatchHandOff>;
};

// On globalThis: Next evaluates modules once per bundle, and the port installed by instrumentation must reach the routes' copy.
const globalForPort = globalThis as unknown as { heraldDispatchPort?: TDispatchPort };

/** Installs the dispatch port; start-up does it once per process (installJobPorts). */
export function setDispatchPort(port: TDispatchPort): void {
  globalForPort.heraldDispatchPort = port;
}

function dispatchPort(): TDispatchPort {
  const port = globalForPort.heraldDispatchPort;
  if (!port) throw new Error("no dispatch port installed: call installJobPorts() (src/server/jobs/install-job-ports.ts) when the process starts");
  return port;
}

/** Queues dispatch of the groups through the installed port, in one write. */
export async function triggerDispatchJobs(groups: readonly TDispatchGroup[]): Promise<void> {
  if (groups.length === 0) return;
  await dispatchPort().schedule(groups);
}

/** A committed message to hand to delivery: the send flow knows its lab and channel already. */
export type TDispatchRequest = {
  id: string;
  labId: string;
  channel: Channel;
  sendAt?: Date | null;
  /** "otp" for one-time codes, which go by the OTP lane, never behind bulk work. */
  lane?: "otp";
};

/** The account a lab's message on a channel starts on (the head of its chain), or null. */
export type TFirstAccountOf = (labId: string, channel: Channel) => string | null;

/**
 * Hands committed QUEUED (or SCHEDULED, with their sendAt) messages to delivery. Dispatch is
 * idempotent per message, so calling this twice for a message never sends it twice.
 */
export async function enqueueDispatch(messages: readonly TDispatchRequest[]): Promise<void> {
  if (messages.length === 0) return;
  const chains = await loadAccountChains(db(), messages);
  await triggerDispatchJobs(groupDispatch(messages, (labId, channel) => chains.chain(labId, channel)[0]?.id ?? null));
}

/**
 * The same hand-off as part of the transaction writing the messages: the jobs (or, for Inngest, the
 * outbox rows of their events) commit with them, so no committed message waits for the sweep.
 * One-time codes go by the OTP lane.
 */
export async function enqueueDispatchInTransaction(
  tx: SqlRunner,
  messages: readonly TDispatchRequest[],
  firstAccountOf: TFirstAccountOf,
): Promise<TDispatchHandOff> {
  const otp = messages.filter((m) => m.lane === "otp");
  if (otp.length === 0) return dispatchPort().scheduleInTransaction(tx, groupDispatch(messages, firstAccountOf));
  const ordinary = messages.filter((m) => m.lane !== "otp");
  const handOffs = [
    await otpLane().scheduleInTransaction(tx, groupDispatch(otp, firstAccountOf), []),
    ...(ordinary.length > 0 ? [await dispatchPort().scheduleInTransaction(tx, groupDispatch(ordinary, firstAccountOf))] : []),
  ];
  return { afterCommit: async () => void (await Promise.all(handOffs.map((h) => h.afterCommit()))) };
}

/**
 * Messages grouped by lab, channel and send time, so each job carries the keys Inngest uses for
 * per-lab concurrency and per-account throttling.
 */
function groupDispatch(messages: readonly TDispatchRequest[], firstAccountOf: TFirstAccountOf): TDispatchGroup[] {
  const groups = new Map<string, TDispatchGroup>();
  for (const row of messages) {
    const runAt = row.sendAt ?? undefined;
    const key = `${row.labId}|${row.channel}|${runAt?.getTime() ?? "now"}`;
    let group = groups.get(key);
    if (!group) {
      group = { labId: row.labId, businessAccountId: firstAccountOf(row.labId, row.channel), messageIds: [], runAt };
      groups.set(key, group);
    }
    group.messageIds.push(row.id);
  }
  return [...groups.values()];
}
