import type { Db } from "@/server/db";
import { groupWriter } from "@/server/db/group-writer";
import type { TSendItem, TSendResult } from "@/server/domain/send";
import { AppError } from "@/server/errors";
import { logger as rootLogger, type Logger } from "@/server/logger";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { sendNotifications } from "@/server/services/notifications/send-notifications";

export type TSendOneOptions = {
  db: Db;
  lab: TLabForSend;
  requestId: string;
  item: TSendItem;
  logger?: Logger;
};

type TEntry = Omit<TSendOneOptions, "db">;
type TAnswer = { ok: true; result: TSendResult } | { ok: false; error: unknown };

/** Single sends of one lab written in one transaction at most; sendMany's own limit is 1,000 items. */
const MAX_GROUP = 200;

/** The error of every send of a group whose transaction failed: nothing of any of them was written. */
export class GroupedSendError extends Error {
  constructor(sends: number, cause: unknown) {
    super(`the send was not written: the database write it shared with ${sends - 1} other concurrent sends failed, and none of them was written; send it again (with the same idempotencyKey)`, { cause });
    this.name = "GroupedSendError";
  }
}

/** A lab's writer and its sends not yet answered: it is dropped when the last is, so a platform of many labs keeps writers only for the labs sending now. */
type TLabWriter = { write: (entry: TEntry) => Promise<TAnswer>; pending: number };

// Per client and lab; on globalThis as the pools are (db.ts), so every route bundle shares one writer per lab.
const globalForWriters = globalThis as unknown as { heraldSendWriters?: WeakMap<Db, Map<string, TLabWriter>> };
const writers = (globalForWriters.heraldSendWriters ??= new WeakMap());

/** The labs that have a writer now (sends queued or in flight). */
export function labsWithSendWriter(db: Db): string[] {
  return [...(writers.get(db)?.keys() ?? [])];
}

/**
 * One `notifications.send`, written together with the lab's other single sends that arrive while
 * the previous group's transaction is in flight: one send context, one transaction of the same
 * statements as sendMany's and one dispatch job per channel serve the whole group (group-writer.ts).
 * Under no load a send is written at once, alone. It answers only after its message, event,
 * idempotency key and dispatch job are committed, with its own request id, exactly as alone:
 *   - two sends with one idempotency key never share a group: the later one goes in the next
 *     group and replays the first's answer (or is a conflict), as it would one after the other;
 *   - when a send is refused (bad address, unknown contact, key conflict), the group's transaction
 *     is rolled back and each of its sends is written again on its own, so each gets its own
 *     answer and a bad send never fails a good one;
 *   - when the transaction itself fails (the database), every send of the group fails with a
 *     GroupedSendError and none is written.
 * Sends that name a partner are written alone: their digest windows and partner plans are per call.
 */
export async function sendOne(options: TSendOneOptions): Promise<TSendResult> {
  const { db, ...entry } = options;
  if (entry.item.partner) return sendAlone(db, entry);
  let byLab = writers.get(db);
  if (!byLab) writers.set(db, (byLab = new Map()));
  const labId = entry.lab.id;
  let writer = byLab.get(labId);
  if (!writer) byLab.set(labId, (writer = { write: groupWriter((entries: TEntry[]) => writeGroups(db, entries)), pending: 0 }));
  writer.pending += 1;
  let answer: TAnswer;
  try {
    answer = await writer.write(entry);
  } finally {
    // Nothing of this lab is queued or in flight once its last send is answered: the next send starts a new writer.
    if (--writer.pending === 0 && byLab.get(labId) === writer) byLab.delete(labId);
  }
  if (!answer.ok) throw answer.error;
  return answer.result;
}

async function sendAlone(db: Db, { lab, requestId, item, logger }: TEntry): Promise<TSendResult> {
  const result = await sendNotifications({ db, lab, requestId, items: [item], itemPath: () => "", logger });
  return result.items[0]!;
}

/** Every entry's answer, in order; never throws (each entry carries its own error). */
async function writeGroups(db: Db, entries: TEntry[]): Promise<(entry: TEntry, index: number) => TAnswer> {
  const answers = new Map<TEntry, TAnswer>();
  let rest = entries;
  while (rest.length > 0) {
    const group: TEntry[] = [];
    const later: TEntry[] = [];
    const keys = new Set<string>();
    for (const entry of rest) {
      const key = entry.item.idempotencyKey;
      if (group.length >= MAX_GROUP || (key !== undefined && keys.has(key))) later.push(entry);
      else {
        group.push(entry);
        if (key !== undefined) keys.add(key);
      }
    }
    for (const [entry, answer] of await writeGroup(db, group)) answers.set(entry, answer);
    rest = later;
  }
  return (entry) => answers.get(entry)!;
}

async function writeGroup(db: Db, group: TEntry[]): Promise<Map<TEntry, TAnswer>> {
  const answers = new Map<TEntry, TAnswer>();
  if (group.length === 1) {
    const [entry] = group as [TEntry];
    answers.set(entry, await sendAlone(db, entry).then(ok, failed));
    return answers;
  }
  const [first] = group as [TEntry, ...TEntry[]];
  try {
    const result = await sendNotifications({
      db,
      lab: first.lab,
      requestId: first.requestId,
      requestIds: group.map((entry) => entry.requestId),
      items: group.map((entry) => entry.item),
      itemPath: () => "",
      logger: first.logger,
    });
    group.forEach((entry, index) => answers.set(entry, ok(result.items[index]!)));
  } catch (error) {
    if (error instanceof AppError) {
      // One or more sends were refused; each alone gets its own answer.
      const alone = await Promise.all(group.map((entry) => sendAlone(db, entry).then(ok, failed)));
      group.forEach((entry, index) => answers.set(entry, alone[index]!));
    } else {
      (first.logger ?? rootLogger).error({ err: error, sends: group.length }, "a group of single sends failed; none was written");
      const groupError = new GroupedSendError(group.length, error);
      for (const entry of group) answers.set(entry, failed(groupError));
    }
  }
  return answers;
}

const ok = (result: TSendResult): TAnswer => ({ ok: true, result });
const failed = (error: unknown): TAnswer => ({ ok: false, error });
