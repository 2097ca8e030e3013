// The executor thread as production runs it: the bundle `next build` makes, in a directory with
// node_modules and no sources, on a database of its own (the thread runs the app's crons too).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDb, type Db } from "@/server/db";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase, type TemporaryDatabase } from "@/server/db/temporary-database";
import { enqueueLocalJob } from "@/server/jobs/backends/local-backend";
import { EXECUTOR_THREAD_BUNDLE, startExecutorThread } from "@/server/jobs/local/start-executor-thread";
import { jobs } from "@/server/jobs/registry";
import { buildExecutorThread } from "../../scripts/build-executor-thread";
import { executorPool, OWN_DATABASE_TIMEOUT_MS, waitUntil } from "./jobs-helpers";

const NEVER_POLLS_MS = 60_000;
// esbuild's bundle, then a thread loading it and Herald's packages: slow on a busy machine.
const BUNDLE_TEST_TIMEOUT_MS = 90_000;
let database: TemporaryDatabase;
let db: Db;
let root: string;
const pool = executorPool();

beforeAll(async () => {
  database = await createTemporaryDatabase(process.env.DATABASE_URL, "herald_bundle");
  await applyMigrations(database.url);
  db = createDb(database.url, 2);
  root = mkdtempSync(join(tmpdir(), "herald-bundle-"));
  symlinkSync(join(process.cwd(), "node_modules"), join(root, "node_modules"), "dir");
  mkdirSync(join(root, ".next"));
}, OWN_DATABASE_TIMEOUT_MS);
afterAll(async () => {
  await pool.stopAll();
  vi.unstubAllEnvs();
  if (root) rmSync(root, { recursive: true, force: true });
  await db?.$disconnect();
  await database?.drop();
});

describe("the executor thread's production bundle", () => {
  it("is built where the server looks for it and runs jobs without the sources or tsx", async () => {
    const bundle = await buildExecutorThread({ projectDir: process.cwd(), outfile: join(root, EXECUTOR_THREAD_BUNDLE) });

    expect(bundle).toBe(join(root, EXECUTOR_THREAD_BUNDLE));
    expect(existsSync(join(root, "src"))).toBe(false);
    expect(readFileSync(bundle, "utf8")).not.toMatch(/from "tsx/);

    // In production, with no entry given, the thread starts from the bundle under its root.
    vi.stubEnv("NODE_ENV", "production");
    const thread = pool.track(startExecutorThread({ root, databaseUrl: database.url, pollIntervalMs: NEVER_POLLS_MS, concurrency: 1, logLevel: "silent" }));
    await thread.started;
    const dedupeKey = `bundle-${Date.now()}`;
    await enqueueLocalJob(db, { definition: jobs["expire-sessions"], payload: {}, dedupeKey });
    thread.wake();

    await waitUntil("the bundled thread ran the job", async () => (await db.job.findUnique({ where: { dedupeKey } }))?.status === "COMPLETED");
    expect(await db.job.findUniqueOrThrow({ where: { dedupeKey } })).toMatchObject({ attempts: 1, lastError: null });
  }, BUNDLE_TEST_TIMEOUT_MS);
});
