import { randomBytes } from "node:crypto";

let counter = randomBytes(2).readUInt16BE(0);

/**
 * A cuid-like id made here rather than by Prisma, so one batch can reference a
 * message from its events before either is written (createMany returns no ids).
 * Time first keeps ids roughly ordered by creation; the counter and 64 random
 * bits keep ids from one process unique within a millisecond.
 */
export function newId(): string {
  counter = (counter + 1) % 1_679_616; // 36^4
  const time = Date.now().toString(36).padStart(9, "0");
  const count = counter.toString(36).padStart(4, "0");
  const random = randomBytes(8).readBigUInt64BE(0).toString(36).padStart(13, "0");
  return `c${time}${count}${random}`;
}
