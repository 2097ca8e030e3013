import type { Db } from "@/server/db";
import { getMigrationStatus } from "@/server/db/migrations/get-migration-status";
import { jobsBackend, type TEnv } from "@/server/env";
import packageJson from "../../../../package.json" with { type: "json" };

export type THealth = {
  status: "ok" | "degraded";
  version: string;
  database: { ok: boolean; latencyMs: number | null; error?: string };
  migrations: { ok: boolean; applied: number; pending: string[]; failed: string[]; error?: string };
  jobs: { backend: "inngest" | "local"; due?: number; oldestDueSeconds?: number | null; failed?: number };
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Database reachability, migration state and the job back end's backlog. */
export async function checkHealth(db: Db, e: TEnv, url: string): Promise<THealth> {
  const started = performance.now();
  const database: THealth["database"] = await db.$queryRaw`SELECT 1`.then(
    () => ({ ok: true, latencyMs: Math.round(performance.now() - started) }),
    (error: unknown) => ({ ok: false, latencyMs: null, error: message(error) }),
  );

  const migrations: THealth["migrations"] = database.ok
    ? await getMigrationStatus(url).then(
        (s) => ({ ok: s.pending.length === 0 && s.failed.length === 0, ...s }),
        (error: unknown) => ({ ok: false, applied: 0, pending: [], failed: [], error: message(error) }),
      )
    : { ok: false, applied: 0, pending: [], failed: [], error: "database unreachable" };

  const backend = jobsBackend(e);
  const jobs: THealth["jobs"] = { backend };
  if (backend === "local" && database.ok) {
    const [row] = await db.$queryRaw<{ due: bigint; oldest: Date | null; failed: bigint }[]>`
      SELECT count(*) FILTER (WHERE status = 'PENDING' AND "runAt" <= (now() AT TIME ZONE 'UTC')) AS due,
             min("runAt") FILTER (WHERE status = 'PENDING' AND "runAt" <= (now() AT TIME ZONE 'UTC')) AS oldest,
             count(*) FILTER (WHERE status = 'FAILED') AS failed
      FROM "Job"`;
    jobs.due = Number(row?.due ?? 0);
    jobs.failed = Number(row?.failed ?? 0);
    jobs.oldestDueSeconds = row?.oldest ? Math.max(0, Math.round((Date.now() - row.oldest.getTime()) / 1000)) : null;
  }

  return { status: database.ok && migrations.ok ? "ok" : "degraded", version: packageJson.version, database, migrations, jobs };
}
