import { AppError } from "@/server/errors";

export type TPageCursor = { createdAt: Date; id: string };

/** Opaque to callers: the last row's sort key, so a page never repeats or skips rows that arrive meanwhile. */
export function encodePageCursor({ createdAt, id }: TPageCursor): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

export function decodePageCursor(cursor: string): TPageCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const at = new Date(String(createdAt));
    if (typeof id === "string" && typeof createdAt === "string" && !Number.isNaN(at.getTime())) return { createdAt: at, id };
  } catch {
    // Falls through to the error below: a malformed cursor is the caller's input mistake.
  }
  throw new AppError("BAD_REQUEST", "expected the nextCursor of a previous page", "cursor");
}

/** Rows newest first (then by id) after the cursor's row. */
export function afterPageCursor(cursor: string | undefined) {
  const after = cursor === undefined ? undefined : decodePageCursor(cursor);
  return after && [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }];
}

/** One page of `limit` rows from `limit + 1` read, with the cursor of the next page if there is one. */
export function pageOf<T extends TPageCursor>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodePageCursor(last) : null };
}
