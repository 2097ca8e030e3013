import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/server/db";
import { enqueueLocalJob } from "@/server/jobs/backends/local-backend";
import { defineJob } from "@/server/jobs/define-job";
import { defineRegistry } from "@/server/jobs/define-registry";
import { PermanentJobError } from "@/server/jobs/permanent-job-error";
import { cronDedupeKey, enqueueCronSlots } from "@/server/jobs/local/enqueue-cron-slots";
import { startLocalExecutor, type LocalExecutorOptions } from "@/server/jobs/local/start-local-executor";
import { captureLogger, executorPool, uniqueJobId, waitUntil } from "./jobs-helpers";

const pool = executorPool();
afterEach(() => pool.stopAll());

function start(options: Partial<LocalExecutorOptions>) {
  return pool.track(startLocalExecutor({ db: db(), pollIntervalMs: 20, concurrency: 4, ...options }));
}

const rowsOf = (name: string) => db().job.findMany({ where: { name }, orderBy: { createdAt: "asc" } });
const statusIs = (name: string, status: "COMPLETED" | "FAILED", count: number) => async () =>
  (await db().job.count({ where: { name, status } })) === count;

describe("local executor", () => {
  it("runs each job exactly once when two executors poll the same queue", async () => {
    const runs = new Map<number, number>();
    const job = defineJob({
      id: uniqueJobId("once"),
      schema: z.object({ n: z.number().int() }),
      handler: async ({ n }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        // Long enough that neither executor can drain the queue before the other's first poll.
        await new Promise((resolve) => setTimeout(resolve, 10));
      },
    });
    for (let n = 0; n < 50; n++) await enqueueLocalJob(db(), { definition: job, payload: { n } });
    const a = captureLogger();
    const b = captureLogger();

    start({ jobs: defineRegistry(job), workerId: `a-${job.id}`, logger: a.logger });
    start({ jobs: defineRegistry(job), workerId: `b-${job.id}`, logger: b.logger });
    await waitUntil("all 50 jobs completed", statusIs(job.id, "COMPLETED", 50));
    await pool.stopAll();

    expect([...runs.keys()].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect([...runs].filter(([, count]) => count !== 1)).toEqual([]);
    const rows = await rowsOf(job.id);
    expect(rows.filter((row) => row.attempts !== 1 || row.lockedBy !== null || row.completedAt === null)).toEqual([]);
    const completedBy = (lines: typeof a.lines) => lines.filter((line) => line.message === "job completed").length;
    expect(completedBy(a.lines) + completedBy(b.lines)).toBe(50);
    expect(completedBy(a.lines)).toBeGreaterThan(0);
    expect(completedBy(b.lines)).toBeGreaterThan(0);
  });

  it("leaves a job alone until its runAt", async () => {
    const ran: string[] = [];
    const job = defineJob({
      id: uniqueJobId("later"),
      schema: z.object({ which: z.string() }),
      handler: async ({ which }) => {
        ran.push(which);
      },
    });
    // An hour is more than any UTC offset error would shift, in either direction, of a database in another zone.
    const later = { definition: job, payload: { which: "later" }, runAt: new Date(Date.now() + 60 * 60_000), dedupeKey: `${job.id}:later` };
    await enqueueLocalJob(db(), later);
    await enqueueLocalJob(db(), { definition: job, payload: { which: "now" }, dedupeKey: `${job.id}:now` });

    start({ jobs: defineRegistry(job), logger: captureLogger().logger });
    const statusOf = async (dedupeKey: string) => (await db().job.findUniqueOrThrow({ where: { dedupeKey } })).status;
    await waitUntil("the due job completed", async () => (await statusOf(`${job.id}:now`)) === "COMPLETED");
    await pool.stopAll();

    expect(ran).toEqual(["now"]);
    expect(await db().job.findUniqueOrThrow({ where: { dedupeKey: later.dedupeKey } })).toMatchObject({ status: "PENDING", attempts: 0 });
  });

  it("claims high-priority jobs in the registry's order: the first job's due runs before older runs of the next", async () => {
    const ran: string[] = [];
    const record = (which: string) => async () => {
      ran.push(which);
    };
    const first = defineJob({ id: uniqueJobId("first"), schema: z.object({}), priority: "high", handler: record("first") });
    const second = defineJob({ id: uniqueJobId("second"), schema: z.object({}), priority: "high", handler: record("second") });
    // The second job's runs fell due a minute ago (delivery checks, say); the first's is new (a code to send).
    const minuteAgo = new Date(Date.now() - 60_000);
    for (let n = 0; n < 3; n++) await enqueueLocalJob(db(), { definition: second, payload: {}, runAt: minuteAgo, dedupeKey: `${second.id}:${n}` });
    await enqueueLocalJob(db(), { definition: first, payload: {}, dedupeKey: `${first.id}:0` });

    // One slot, so claims come one at a time in the executor's order.
    start({ jobs: defineRegistry(first, second), concurrency: 0, reservedHighPriority: 1, logger: captureLogger().logger });
    await waitUntil("all four runs completed", async () => ran.length === 4);
    await pool.stopAll();

    expect(ran).toEqual(["first", "second", "second", "second"]);
  });

  it("retries a failing job with growing backoff until it succeeds", async () => {
    const seen: { attempt: number; runAt: Date }[] = [];
    const backoff = { baseMs: 200, maxMs: 5_000 };
    const job = defineJob({
      id: uniqueJobId("flaky"),
      schema: z.object({}),
      retries: 3,
      backoff,
      handler: async (_payload, { attempt, jobId }) => {
        const row = await db().job.findUniqueOrThrow({ where: { id: jobId } });
        seen.push({ attempt, runAt: row.runAt });
        if (attempt < 3) throw new Error(`provider timed out (attempt ${attempt})`);
      },
    });
    await enqueueLocalJob(db(), { definition: job, payload: {} });
    const { logger, lines } = captureLogger();

    start({ jobs: defineRegistry(job), logger });
    await waitUntil("the job completed", statusIs(job.id, "COMPLETED", 1));

    const [row] = await rowsOf(job.id);
    expect(row).toMatchObject({ attempts: 3, maxAttempts: 4, lastError: "Error: provider timed out (attempt 2)" });
    expect(seen.map((s) => s.attempt)).toEqual([1, 2, 3]);
    const retries = lines.filter((line) => line.message === "job attempt failed; retry scheduled").map((line) => line.fields);
    expect(retries.map((fields) => fields.attempt)).toEqual([1, 2]);
    const delays = retries.map((fields) => fields.retryInMs as number);
    // Equal jitter: retry n waits between half and all of baseMs * 2^(n-1).
    expect(delays[0]).toBeGreaterThanOrEqual(100);
    expect(delays[0]).toBeLessThanOrEqual(200);
    expect(delays[1]).toBeGreaterThanOrEqual(200);
    expect(delays[1]).toBeLessThanOrEqual(400);
    // Each retry ran at the time its failure scheduled, and that time moved forward by at least the delay.
    expect(seen.slice(1).map((s) => s.runAt.toISOString())).toEqual(retries.map((fields) => fields.runAt));
    for (const i of [1, 2]) {
      const gap = seen[i]!.runAt.getTime() - seen[i - 1]!.runAt.getTime();
      expect(gap).toBeGreaterThanOrEqual(delays[i - 1]!);
    }
  });

  it("fails a job with its last error once its attempts are spent", async () => {
    let calls = 0;
    const job = defineJob({
      id: uniqueJobId("broken"),
      schema: z.object({}),
      retries: 2,
      backoff: { baseMs: 20, maxMs: 50 },
      handler: async (_payload, { attempt }) => {
        calls += 1;
        throw new Error(`template missing (attempt ${attempt})`);
      },
    });
    await enqueueLocalJob(db(), { definition: job, payload: {} });
    const { logger, lines } = captureLogger();

    start({ jobs: defineRegistry(job), logger });
    await waitUntil("the job failed", statusIs(job.id, "FAILED", 1));

    const [row] = await rowsOf(job.id);
    expect(row).toMatchObject({ attempts: 3, maxAttempts: 3, lastError: "Error: template missing (attempt 3)", lockedBy: null });
    expect(calls).toBe(3);
    expect(lines.filter((line) => line.message === "job failed")).toHaveLength(1);
  });

  it("fails at once on a PermanentJobError or a payload its schema rejects", async () => {
    let calls = 0;
    const job = defineJob({
      id: uniqueJobId("permanent"),
      schema: z.object({ phone: z.string().startsWith("+") }),
      retries: 5,
      handler: async () => {
        calls += 1;
        throw new PermanentJobError("number is not a mobile");
      },
    });
    await enqueueLocalJob(db(), { definition: job, payload: { phone: "+966500000000" }, dedupeKey: `${job.id}:rejected` });
    await enqueueLocalJob(db(), { definition: job, payload: { phone: "0500" }, dedupeKey: `${job.id}:invalid` });

    start({ jobs: defineRegistry(job), logger: captureLogger().logger });
    await waitUntil("both jobs failed", statusIs(job.id, "FAILED", 2));

    const rows = await db().job.findMany({ where: { name: job.id }, orderBy: { dedupeKey: "asc" } });
    expect(rows.map((row) => [row.dedupeKey, row.attempts])).toEqual([
      [`${job.id}:invalid`, 1],
      [`${job.id}:rejected`, 1],
    ]);
    expect(rows[0]?.lastError).toMatch(/^PermanentJobError: payload does not match the schema/);
    expect(rows[1]?.lastError).toBe("PermanentJobError: number is not a mobile");
    expect(calls).toBe(1);
  });

  it("abandons a run past the job's timeout, aborting its signal, and retries it as a failure", async () => {
    const reasons: unknown[] = [];
    const job = defineJob({
      id: uniqueJobId("stuck"),
      schema: z.object({}),
      retries: 1,
      timeoutMs: 200,
      backoff: { baseMs: 20, maxMs: 20 },
      handler: async (_payload, { attempt, signal }) => {
        if (attempt > 1) return;
        // The first run hangs, as on a provider that never answers, and only notices its signal.
        signal.addEventListener("abort", () => reasons.push(signal.reason));
        await new Promise(() => {});
      },
    });
    await enqueueLocalJob(db(), { definition: job, payload: {} });
    const { logger, lines } = captureLogger();

    start({ jobs: defineRegistry(job), logger });
    await waitUntil("the retried run completed", statusIs(job.id, "COMPLETED", 1));

    const [row] = await rowsOf(job.id);
    expect(row).toMatchObject({ attempts: 2, lastError: `JobTimeoutError: ${job.id} did not finish within 200 ms; the run was abandoned` });
    expect(reasons).toEqual([expect.objectContaining({ name: "JobTimeoutError" })]);
    expect(lines.filter((line) => line.message === "job attempt failed; retry scheduled").map((line) => line.fields.attempt)).toEqual([1]);
  });

  it("takes back a job whose worker died and leaves a live worker's job alone", async () => {
    const attemptsSeen: number[] = [];
    const job = defineJob({
      id: uniqueJobId("orphan"),
      schema: z.object({ which: z.string() }),
      retries: 3,
      handler: async ({ which }, { attempt }) => {
        if (which === "dead") attemptsSeen.push(attempt);
      },
    });
    const longAgo = new Date(Date.now() - 10 * 60_000);
    const running = { name: job.id, status: "RUNNING" as const, attempts: 1, maxAttempts: 4, runAt: longAgo };
    const dead = await db().job.create({ data: { ...running, payload: { which: "dead" }, lockedAt: longAgo, lockedBy: "crashed-worker" } });
    const spent = await db().job.create({
      data: { ...running, payload: { which: "spent" }, attempts: 4, lockedAt: longAgo, lockedBy: "crashed-worker" },
    });
    const alive = await db().job.create({ data: { ...running, payload: { which: "alive" }, lockedAt: new Date(), lockedBy: "busy-worker" } });
    const { logger, lines } = captureLogger();

    start({ jobs: defineRegistry(job), lockTimeoutMs: 60_000, logger });
    await waitUntil("the orphaned job completed", async () => (await db().job.findUniqueOrThrow({ where: { id: dead.id } })).status === "COMPLETED");
    await pool.stopAll();

    expect(attemptsSeen).toEqual([2]);
    expect(await db().job.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ attempts: 2, lockedBy: null });
    expect(await db().job.findUniqueOrThrow({ where: { id: spent.id } })).toMatchObject({
      status: "FAILED",
      attempts: 4,
      lastError: expect.stringContaining("crashed-worker"),
    });
    expect(await db().job.findUniqueOrThrow({ where: { id: alive.id } })).toMatchObject({ status: "RUNNING", lockedBy: "busy-worker" });
    const recovered = lines.filter((line) => line.message === "recovered job from a stopped worker").map((line) => line.fields.jobId);
    expect(recovered.sort()).toEqual([dead.id, spent.id].sort());
  });

  it("queues a cron slot once when two executors tick the same slot, and runs it once", async () => {
    const ranSlots: string[] = [];
    const job = defineJob({
      id: uniqueJobId("cron"),
      schema: z.object({}),
      cron: "*/5 * * * *",
      handler: async (_payload, { jobId }) => {
        const row = await db().job.findUniqueOrThrow({ where: { id: jobId } });
        ranSlots.push(row.dedupeKey ?? "none");
      },
    });
    // A fixed clock in the past puts both executors on the same, already due, slot.
    const clock = () => new Date("2021-03-04T10:07:30Z");
    const expectedKey = cronDedupeKey(job.id, new Date("2021-03-04T10:05:00Z"));
    const a = captureLogger();
    const b = captureLogger();

    start({ jobs: defineRegistry(job), now: clock, logger: a.logger });
    start({ jobs: defineRegistry(job), now: clock, logger: b.logger });
    await waitUntil("the slot's run completed", statusIs(job.id, "COMPLETED", 1));
    await pool.stopAll();

    expect((await rowsOf(job.id)).map((row) => row.dedupeKey)).toEqual([expectedKey]);
    expect(ranSlots).toEqual([expectedKey]);
    const queued = [...a.lines, ...b.lines].filter((line) => line.message === "cron slot queued");
    expect(queued.map((line) => line.fields.slot)).toEqual(["2021-03-04T10:05:00.000Z"]);
  });

  it("inserts a cron slot once however many processes race for it", async () => {
    const job = defineJob({ id: uniqueJobId("race"), schema: z.object({}), cron: "0 * * * *", handler: async () => undefined });
    const now = new Date("2021-03-04T10:59:59Z");

    const results = await Promise.all(
      Array.from({ length: 8 }, () => enqueueCronSlots(db(), { jobs: defineRegistry(job), now, seen: new Map() })),
    );

    expect(results.flat().filter((slot) => slot.inserted)).toHaveLength(1);
    expect((await rowsOf(job.id)).map((row) => [row.dedupeKey, row.runAt.toISOString(), row.status])).toEqual([
      [cronDedupeKey(job.id, new Date("2021-03-04T10:00:00Z")), "2021-03-04T10:00:00.000Z", "PENDING"],
    ]);
  });
});
