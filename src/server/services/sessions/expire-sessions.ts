import type { Db } from "@/server/db";

export interface ExpireSessionsOptions {
  db: Db;
  now?: Date;
}

/** Deletes sessions that expired before `now` and returns how many; better-auth already refuses them, this reclaims the rows. */
export async function expireSessions({ db, now = new Date() }: ExpireSessionsOptions): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
