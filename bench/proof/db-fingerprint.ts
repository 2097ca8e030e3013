// A digest of every row Herald keeps, to prove a refused call or callback wrote nothing. Left out:
// what reading itself touches (a session's refresh, an API key's last use) and the counters whose
// purpose is to count refused attempts (sign-in throttles, rate limits), and what the scheduler
// writes on its own clock whatever callers do (each minute's cron jobs, and the statistics rollup
// with every aggregate it folds from messages already written: a message a refused call changed
// still shows in `Message` and `MessageEvent`).
import { Prisma } from "@/generated/prisma/client";

const UNTOUCHED_BY_DESIGN = new Set(["Session", "SignInThrottle", "RateLimitCounter", "Verification", "_prisma_migrations", "Job", "StatRollup"]);

const ROLLUP_OUTPUT = /^Message(Stat|Latency)/;

let tables: string[] | null = null;

/** Per table, a digest of its rows; compare two with `changedTables`. */
export async function dbFingerprint(): Promise<Record<string, string>> {
  const { db } = await import("@/server/db");
  tables ??= (await db().$queryRaw<{ name: string }[]>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)
    .map((t) => t.name)
    .filter((name) => !UNTOUCHED_BY_DESIGN.has(name) && !ROLLUP_OUTPUT.test(name));
  const parts = tables.map((name) => Prisma.sql`SELECT ${name} AS name, md5(COALESCE(string_agg((to_jsonb(t) - 'lastUsedAt')::text, ',' ORDER BY (to_jsonb(t) - 'lastUsedAt')::text), '')) AS digest FROM ${Prisma.raw(`"${name}"`)} t`);
  const rows = await db().$queryRaw<{ name: string; digest: string }[]>(Prisma.join(parts, " UNION ALL "));
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((name) => before[name] !== after[name]);
}
