import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { defineRegistry } from "@/server/jobs/define-registry";
import { dispatchMessagesJob } from "@/server/jobs/definitions/dispatch-messages";
import { beatHeart } from "@/server/jobs/local/executor-heartbeat";
import { startLocalExecutor } from "@/server/jobs/local/start-local-executor";
import { STALE_CLAIM_MS } from "@/server/services/delivery/delivery-settings";
import { uniq } from "../helpers/fixtures";
import { executorPool, waitUntil } from "./jobs-helpers";
import { insertMessages, makeDeliveryLab, timeline } from "./delivery-helpers";

const pool = executorPool();
const children: ReturnType<typeof spawn>[] = [];
afterEach(async () => {
  await pool.stopAll();
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** An executor as another process of this host left it: its heartbeat, one dispatch run holding `messageId`. */
async function executorHolding(pid: number, labId: string, messageId: string) {
  const workerId = `executor-${uniq()}`;
  await beatHeart(db(), { workerId, jobs: [dispatchMessagesJob.id], aliveForMs: 60 * 60_000 });
  await db().$executeRaw`UPDATE "Job" SET payload = jsonb_set(payload, '{pid}', to_jsonb(${pid}::int)) WHERE "lockedBy" = ${workerId} AND name = 'executor:heartbeat'`;
  const job = await db().job.create({
    data: { name: dispatchMessagesJob.id, payload: { messageIds: [messageId], labId }, status: "RUNNING", attempts: 1, maxAttempts: 6, lockedBy: workerId, lockedAt: new Date() },
  });
  // Claimed two seconds ago: minutes from going stale.
  await db().message.update({ where: { id: messageId }, data: { status: "SENDING", claimedBy: `${job.id}:1`, claimedAt: new Date(Date.now() - 2_000), attempts: 1 } });
  return { workerId, job };
}

/** A process of this host: one that has exited (its id now names no process), or one still running. */
async function processOfThisHost(alive: boolean): Promise<number> {
  const child = spawn(process.execPath, ["-e", alive ? "setTimeout(() => {}, 120000)" : ""], { stdio: "ignore" });
  if (alive) children.push(child);
  else await once(child, "exit");
  return child.pid!;
}

describe("an executor killed mid-dispatch", () => {
  it("has its jobs and message claims taken back within seconds by another executor, and a live executor's never", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [orphaned, held] = await insertMessages(lab.id, [{}, {}]);
    const dead = await executorHolding(await processOfThisHost(false), lab.id, orphaned!);
    const live = await executorHolding(await processOfThisHost(true), lab.id, held!);

    const started = Date.now();
    pool.track(startLocalExecutor({ db: db(), pollIntervalMs: 50, concurrency: 2, jobs: defineRegistry(dispatchMessagesJob), workerId: `rescuer-${uniq()}` }));
    await waitUntil("the dead executor's message is sent", async () => (await db().message.findUniqueOrThrow({ where: { id: orphaned! } })).status !== "SENDING");
    expect(Date.now() - started).toBeLessThan(STALE_CLAIM_MS / 10);

    expect((await db().message.findUniqueOrThrow({ where: { id: orphaned! } })).status).toMatch(/SENT|DELIVERED/);
    expect((await timeline(orphaned!)).filter((e) => e.type === "dispatched").at(-1)?.detail).toMatchObject({ reclaimedFrom: `${dead.job.id}:1` });
    expect(await db().job.findUniqueOrThrow({ where: { id: dead.job.id } })).toMatchObject({ lastError: expect.stringContaining("process is gone") });
    expect(await db().job.count({ where: { name: "executor:heartbeat", lockedBy: dead.workerId } })).toBe(0);

    // The live executor keeps its run, its claim and its heartbeat.
    expect(await db().message.findUniqueOrThrow({ where: { id: held! } })).toMatchObject({ status: "SENDING", claimedBy: `${live.job.id}:1` });
    expect(await db().job.findUniqueOrThrow({ where: { id: live.job.id } })).toMatchObject({ status: "RUNNING", lockedBy: live.workerId });
    expect(await db().job.count({ where: { name: "executor:heartbeat", lockedBy: live.workerId } })).toBe(1);
  });
});
