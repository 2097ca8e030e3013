import type { Db } from "@/server/db";

export type TDatabaseCheck = { ok: true; latencyMs: number } | { ok: false; latencyMs: null; problem: "timeout" | "unreachable" };

/**
 * `SELECT 1` on the server's own pool (the Prisma client's), bounded by `timeoutMs` (a wait for a free connection
 * included). Only the kind of failure is returned: a driver's message can name hosts and users.
 */
export async function checkDatabase(db: Db, timeoutMs = 1_500): Promise<TDatabaseCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), timeoutMs)));
  const query = db.$queryRaw`SELECT 1`.then(
    () => "ok" as const,
    () => "unreachable" as const,
  );
  const outcome = await Promise.race([query, timeout]).finally(() => clearTimeout(timer));
  return outcome === "ok" ? { ok: true, latencyMs: Math.round(performance.now() - started) } : { ok: false, latencyMs: null, problem: outcome };
}
