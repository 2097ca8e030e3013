import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { internalEvents } from "inngest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { jobFunctions } from "@/inngest/functions/job-functions";
import { db } from "@/server/db";
import { defineRegistry } from "@/server/jobs/define-registry";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";
import { jobs } from "@/server/jobs/registry";
import { expireSessions } from "@/server/services/sessions/expire-sessions";
import { captureLogger, executorPool, useOwnDatabase, waitUntil } from "./jobs-helpers";

// Its own database: the counts below are of every session a sweep deletes, other files' included.
useOwnDatabase("herald_expire_sessions");

const HOUR = 60 * 60_000;

/** A user with two expired sessions and one live one; ids are unique so parallel files never collide. */
async function userWithSessions() {
  const id = `user-${randomUUID()}`;
  await db().user.create({ data: { id, name: "Session Owner", email: `${id}@example.test` } });
  const session = (label: string, expiresAt: Date) => ({ id: `${id}-${label}`, token: `${id}-${label}-token`, userId: id, expiresAt });
  const now = Date.now();
  await db().session.createMany({
    data: [session("expired-1", new Date(now - HOUR)), session("expired-2", new Date(now - 1_000)), session("live", new Date(now + HOUR))],
  });
  const remaining = async () => (await db().session.findMany({ where: { userId: id }, orderBy: { id: "asc" } })).map((s) => s.id);
  return { liveId: `${id}-live`, remaining };
}

describe("expire-sessions", () => {
  const pool = executorPool();
  afterEach(async () => {
    await pool.stopAll();
    vi.unstubAllEnvs();
  });

  it("the service deletes only sessions that expired before now", async () => {
    const { liveId, remaining } = await userWithSessions();

    const deleted = await expireSessions({ db: db(), now: new Date() });

    expect(deleted).toBe(2);
    expect(await remaining()).toEqual([liveId]);
  });

  it("runs on the local back end: triggered, queued, executed", async () => {
    const { liveId, remaining } = await userWithSessions();
    vi.stubEnv("JOBS_BACKEND", "local");
    vi.resetModules();
    const { triggerJob } = await import("@/server/jobs/trigger-job");
    const dedupeKey = `expire-sessions-test-${randomUUID()}`;

    await triggerJob("expire-sessions", {}, { dedupeKey });
    const { logger, lines } = captureLogger();
    // The job without its schedule: the triggered run is then the only sweep, and its count exact.
    const triggeredOnly = defineRegistry({ ...jobs["expire-sessions"], cron: undefined });
    pool.track(startLocalExecutor({ db: db(), pollIntervalMs: 20, concurrency: 2, logger, jobs: triggeredOnly }));
    await waitUntil("the triggered run completed", async () => (await db().job.findUnique({ where: { dedupeKey } }))?.status === "COMPLETED");

    expect(await remaining()).toEqual([liveId]);
    const [row] = await db().job.findMany({ where: { dedupeKey } });
    expect(row).toMatchObject({ name: "expire-sessions", attempts: 1, lastError: null });
    const reports = lines.filter((line) => line.message === "expired sessions deleted");
    expect(reports.map((line) => [line.fields.jobId, line.fields.deleted])).toEqual([[row?.id, 2]]);
  });

  it("runs on Inngest: the served function against the real database, for an event and for its cron", async () => {
    const first = await userWithSessions();
    const t = new InngestTestEngine({ function: jobFunctions["expire-sessions"] });

    const triggered = await t.execute({ events: [{ name: "herald/expire-sessions", data: {} }] });

    expect(triggered.error).toBeUndefined();
    expect(triggered.result).toEqual({ deleted: 2 });
    expect(await first.remaining()).toEqual([first.liveId]);

    const second = await userWithSessions();
    const scheduled = await t.execute({ events: [{ name: internalEvents.ScheduledTimer, data: { cron: "*/15 * * * *" } }] });

    expect(scheduled.error).toBeUndefined();
    expect(await second.remaining()).toEqual([second.liveId]);
  });
});
