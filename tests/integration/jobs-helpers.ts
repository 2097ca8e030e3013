import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { db } from "@/server/db";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/server/db/temporary-database";
import type { JobLogger } from "@/server/jobs/define-job";
import type { LocalExecutor } from "@/server/jobs/local/start-local-executor";

/** Job names unique to one test, since test files share one database and executors claim by name. */
export const uniqueJobId = (label: string) => `t-${label}-${randomUUID().slice(0, 8)}`;

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  fields: Record<string, unknown>;
  message?: string;
}

/** A logger that keeps its lines, to assert what the executor reported. */
export function captureLogger(): { logger: JobLogger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine["level"]) =>
    (fields: object, message?: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, message });
    };
  return { logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, lines };
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. Waits on outcomes, never asserts speed. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Executors started by a test, stopped after it even when it fails. */
export function executorPool() {
  const started: LocalExecutor[] = [];
  return {
    track<T extends LocalExecutor>(executor: T): T {
      started.push(executor);
      return executor;
    },
    async stopAll(): Promise<void> {
      await Promise.all(started.splice(0).map((executor) => executor.stop()));
    },
  };
}

// Without a PostgreSQL server each is a new embedded one, migrated from scratch: slow on a busy machine.
export const OWN_DATABASE_TIMEOUT_MS = 180_000;

/**
 * Gives the calling test file a freshly migrated database of its own, as the process's db() (call
 * at the top of the file, before anything opens the shared one): for tests that count what a sweep
 * deletes or run executors with the app's crons, which other files' rows would otherwise skew.
 */
export function useOwnDatabase(prefix: string): void {
  let database: TemporaryDatabase | undefined;
  beforeAll(async () => {
    database = await createTemporaryDatabase(process.env.DATABASE_URL, prefix);
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
  }, OWN_DATABASE_TIMEOUT_MS);
  afterAll(async () => {
    await db().$disconnect();
    await database?.drop();
  });
}
