// On a database of its own: the prune deletes every finished row, and the counts below are exact.
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { beatHeart, liveExecutors } from "@/server/jobs/local/executor-heartbeat";
import { jobs } from "@/server/jobs/registry";
import { captureLogger, useOwnDatabase } from "./jobs-helpers";

useOwnDatabase("herald_prune");

const HOUR = 60 * 60_000;
const ago = (ms: number) => new Date(Date.now() - ms);

describe("prune-jobs", () => {
  it("deletes completed jobs after a day, failed ones after a week, sent events and dead executors' heartbeats after a day, and nothing else", async () => {
    const job = (label: string, status: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED", ageMs: number) => ({
      name: "expire-sessions", payload: {}, status, dedupeKey: label, runAt: ago(ageMs), updatedAt: ago(ageMs), createdAt: ago(ageMs),
    });
    await db().job.createMany({
      data: [
        job("completed-2d", "COMPLETED", 48 * HOUR),
        job("completed-1h", "COMPLETED", HOUR),
        job("failed-8d", "FAILED", 8 * 24 * HOUR),
        job("failed-3d", "FAILED", 3 * 24 * HOUR),
        job("pending-30d", "PENDING", 30 * 24 * HOUR),
        job("running-3d", "RUNNING", 3 * 24 * HOUR),
      ],
    });
    const event = (id: string, sentAgoMs: number | null) => ({ id, name: "herald/expire-sessions", payload: {}, createdAt: ago(48 * HOUR), sentAt: sentAgoMs === null ? null : ago(sentAgoMs) });
    await db().outboxEvent.createMany({ data: [event("sent-2d", 47 * HOUR), event("sent-1h", HOUR), event("unsent-2d", null)] });
    for (const workerId of ["alive", "dead"]) await beatHeart(db(), { workerId, jobs: ["expire-sessions"], aliveForMs: HOUR });
    await db().job.updateMany({ where: { lockedBy: "dead" }, data: { lockedAt: ago(25 * HOUR) } });
    const definition = jobs["prune-jobs"];
    const { logger } = captureLogger();

    const result = await definition.handler({}, { attempt: 1, maxAttempts: 3, jobId: "test", logger, signal: new AbortController().signal });

    expect(result).toEqual({ completed: 1, failed: 1, sentEvents: 1, deadExecutors: 1 });
    expect((await db().job.findMany({ select: { dedupeKey: true }, orderBy: { dedupeKey: "asc" } })).map((row) => row.dedupeKey)).toEqual([
      "completed-1h", "failed-3d", "heartbeat:alive", "pending-30d", "running-3d",
    ]);
    expect(await liveExecutors(db(), { job: "expire-sessions" })).toEqual(["alive"]);
    expect((await db().outboxEvent.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((row) => row.id)).toEqual(["sent-1h", "unsent-2d"]);
    expect(definition.cron).toBe("41 * * * *");
  });
});
