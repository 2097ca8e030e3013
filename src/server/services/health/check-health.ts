import type { Db } from "@/server/db";
import { getMigrationStatus, type TMigrationStatus } from "@/server/db/migrations/get-migration-status";
import { jobsBackend, type TEnv } from "@/server/env";
import { checkDatabase, type TDatabaseCheck } from "@/server/services/health/check-database";
import { inngestSigningProblem } from "@/server/services/health/inngest-signing-problem";
import packageJson from "../../../../package.json" with { type: "json" };

// Counting stops here: past it the exact figure changes nothing an operator does, and counting on costs a scan.
export const BACKLOG_COUNT_LIMIT = 10_000;

export type THealth = {
  status: "ok" | "degraded";
  version: string;
  database: TDatabaseCheck;
  migrations: ({ ok: boolean } & TMigrationStatus) | { ok: false; problem: "unknown" };
  jobs: {
    backend: "inngest" | "local";
    /** Inngest: why /api/inngest refuses to serve, when it does. */
    problem?: string;
    /** Local: due jobs and failed jobs, counted up to BACKLOG_COUNT_LIMIT (`...AtLeast` when the limit was reached). */
    due?: number;
    dueAtLeast?: boolean;
    oldestDueSeconds?: number | null;
    failed?: number;
    failedAtLeast?: boolean;
  };
};

// Migrations change only with a release, which restarts the process: once all applied, that stays true.
let migrationsCurrent: TMigrationStatus | undefined;

async function migrationStatus(url: string): Promise<THealth["migrations"]> {
  if (migrationsCurrent) return { ok: true, ...migrationsCurrent };
  try {
    const status = await getMigrationStatus(url);
    const ok = status.pending.length === 0 && status.failed.length === 0;
    if (ok) migrationsCurrent = status;
    return { ok, ...status };
  } catch {
    return { ok: false, problem: "unknown" };
  }
}

type TBacklogRow = { due: bigint; oldest: Date | null; failed: bigint };

/** The local back end's backlog from the (status, runAt) index, each count stopping at the limit. */
async function localBacklog(db: Db): Promise<Omit<THealth["jobs"], "backend">> {
  const [row] = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL statement_timeout = 2000`;
    return tx.$queryRaw<TBacklogRow[]>`
      SELECT (SELECT count(*) FROM (SELECT 1 FROM "Job" WHERE status = 'PENDING' AND "runAt" <= (now() AT TIME ZONE 'UTC') LIMIT ${BACKLOG_COUNT_LIMIT}) d) AS due,
             (SELECT min("runAt") FROM "Job" WHERE status = 'PENDING' AND "runAt" <= (now() AT TIME ZONE 'UTC')) AS oldest,
             (SELECT count(*) FROM (SELECT 1 FROM "Job" WHERE status = 'FAILED' LIMIT ${BACKLOG_COUNT_LIMIT}) f) AS failed`;
  });
  const due = Number(row?.due ?? 0);
  const failed = Number(row?.failed ?? 0);
  return {
    due,
    dueAtLeast: due >= BACKLOG_COUNT_LIMIT,
    oldestDueSeconds: row?.oldest ? Math.max(0, Math.round((Date.now() - row.oldest.getTime()) / 1000)) : null,
    failed,
    failedAtLeast: failed >= BACKLOG_COUNT_LIMIT,
  };
}

/** The detailed report for operators: database latency, migrations, the job back end and its backlog, the version. */
export async function checkHealth(db: Db, e: TEnv, url: string): Promise<THealth> {
  const database = await checkDatabase(db);
  const migrations: THealth["migrations"] = database.ok ? await migrationStatus(url) : { ok: false, problem: "unknown" };
  const backend = jobsBackend(e);
  const jobs: THealth["jobs"] = { backend };
  let jobsOk = true;
  if (backend === "inngest") {
    const problem = inngestSigningProblem(e);
    if (problem) {
      jobs.problem = problem;
      jobsOk = false;
    }
  } else if (database.ok) {
    try {
      Object.assign(jobs, await localBacklog(db));
    } catch {
      jobsOk = false;
    }
  }
  return { status: database.ok && migrations.ok && jobsOk ? "ok" : "degraded", version: packageJson.version, database, migrations, jobs };
}
