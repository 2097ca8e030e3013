import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/server/db";
import { enqueueLocalJob } from "@/server/jobs/backends/local-backend";
import { defineJob } from "@/server/jobs/define-job";
import { uniqueJobId, waitUntil } from "./jobs-helpers";

// Each case starts a process that loads Herald's sources through tsx: slow on a busy machine.
const PROCESS_TEST_TIMEOUT_MS = 120_000;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts drain-process.ts on the test database and resolves once its executor runs. */
async function startDrainProcess({ jobId, jobMs, shutdownTimeoutMs }: { jobId: string; jobMs: number; shutdownTimeoutMs: number }) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/integration/fixtures/drain-process.ts"], {
    env: { ...process.env, DRAIN_JOB_ID: jobId, DRAIN_JOB_MS: String(jobMs), SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs), LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`drain-process exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).on("line", (line) => line === "ready" && resolve());
  });
  return { child, exited };
}

/** Queues the job and waits until the process has claimed it. */
async function runningJob(jobId: string) {
  const dedupeKey = `${jobId}:only`;
  await enqueueLocalJob(db(), { definition: defineJob({ id: jobId, schema: z.object({}), handler: async () => undefined }), payload: {}, dedupeKey });
  const row = () => db().job.findUniqueOrThrow({ where: { dedupeKey } });
  await waitUntil("the process claimed the job", async () => (await row()).status === "RUNNING");
  return row;
}

describe("shutdown of a process running the executor", () => {
  it("on SIGTERM releases a job still running near the deadline and exits within it", async () => {
    const jobId = uniqueJobId("drain-slow");
    const shutdownTimeoutMs = 6_000;
    const { child, exited } = await startDrainProcess({ jobId, jobMs: 120_000, shutdownTimeoutMs });
    const row = await runningJob(jobId);

    const signalledAt = Date.now();
    child.kill("SIGTERM");
    const [code, signal] = await exited;
    const tookMs = Date.now() - signalledAt;

    // It waited for the job until the deadline's last 1.5 s (its reserve for releasing), then released it, and was gone by the deadline.
    expect(tookMs).toBeGreaterThanOrEqual(4_500);
    expect(tookMs).toBeLessThan(shutdownTimeoutMs);
    // Ended by the signal it was sent, as a process without the drain would have been.
    expect({ code, signal }).toEqual({ code: null, signal: "SIGTERM" });
    const released = await row();
    expect(released).toMatchObject({ status: "PENDING", attempts: 0, lockedBy: null, lockedAt: null, lastError: expect.stringContaining("released unfinished") });
    // Due at once for another worker, not after the two minutes a dead worker's lock takes to expire.
    expect(released.runAt.getTime()).toBeLessThanOrEqual(Date.now());
  }, PROCESS_TEST_TIMEOUT_MS);

  it("lets a job that ends before the deadline finish, ignoring a second signal, then exits", async () => {
    const jobId = uniqueJobId("drain-quick");
    const { child, exited } = await startDrainProcess({ jobId, jobMs: 1_500, shutdownTimeoutMs: 30_000 });
    const row = await runningJob(jobId);

    const signalledAt = Date.now();
    child.kill("SIGTERM");
    // Ctrl-C reaches the whole process group and the start script passes its own signal on as well.
    setTimeout(() => child.kill("SIGINT"), 100);
    const [code, signal] = await exited;

    expect({ code, signal }).toEqual({ code: null, signal: "SIGTERM" });
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
    expect(await row()).toMatchObject({ status: "COMPLETED", attempts: 1, lockedBy: null, lastError: null });
  }, PROCESS_TEST_TIMEOUT_MS);
});
