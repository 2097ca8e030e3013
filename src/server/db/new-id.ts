import { randomBytes } from "node:crypto";

// Random bytes drawn in blocks: one system call per 512 ids rather than per id (a batch makes hundreds).
const BLOCK = 8 * 512;
let pool = randomBytes(BLOCK);
let offset = 0;
let counter = pool.readUInt16BE(0);

function random64(): bigint {
  if (offset === BLOCK) {
    pool = randomBytes(BLOCK);
    offset = 0;
  }
  const value = pool.readBigUInt64BE(offset);
  offset += 8;
  return value;
}

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
  const random = random64().toString(36).padStart(13, "0");
  return `c${time}${count}${random}`;
}
