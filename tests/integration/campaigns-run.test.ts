import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { runCampaignJob } from "@/server/jobs/definitions/run-campaign";
import { runCampaign } from "@/server/services/campaigns/run-campaign";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { captureLogger } from "./jobs-helpers";
import { campaignMessageIds, forgetCampaignJobs, goodRow, makeCampaign, makeCampaignLab } from "./campaigns-helpers";
import { settle } from "./delivery-helpers";

let setup: Awaited<ReturnType<typeof makeCampaignLab>>;

beforeAll(async () => {
  setup = await makeCampaignLab();
  // A pace this lab's tests can count on: 20 messages a second, 10 two-channel rows per one-second step.
  await db().campaignPace.create({ data: { labId: setup.labId, ratePerSecond: 20 } });
});

const T0 = Date.now() + 60_000;
let clock = T0;
/** Each step a little later than the last, by the clock rather than by waiting: the pace is reserved in its time. */
const nextStep = () => new Date((clock += 1_100));

async function step(campaignId: string) {
  const result = await runCampaign({ db: db(), labId: setup.labId, campaignId, now: nextStep() });
  await forgetCampaignJobs(setup.labId);
  return result;
}

async function runToEnd(campaignId: string) {
  for (let i = 0; i < 100; i++) {
    const result = await step(campaignId);
    const ids = await campaignMessageIds(campaignId);
    const open = await db().message.findMany({ where: { id: { in: ids }, status: { in: ["QUEUED", "SCHEDULED"] } }, select: { id: true } });
    if (open.length > 0) await settle(open.map((m) => m.id), new Date(clock));
    if (result.nextRunAt === null) return;
  }
  throw new Error("the campaign did not finish in 100 steps");
}

describe("running a campaign", () => {
  it("sends every row once, at the lab's pace, and counts progress exactly to the end", async () => {
    const rows = Array.from({ length: 25 }, (_, i) => goodRow(i + 1));
    rows.push(["p-bad", "Bad", "12", "bad@", "R-x"]);
    const { campaignId } = await makeCampaign(setup, rows);
    const started = await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    expect(started.status).toBe("RUNNING");
    await forgetCampaignJobs(setup.labId);

    const first = await step(campaignId);
    // 20 messages a second over the step's one-second horizon: 10 or 11 rows of two channels.
    expect(first.accepted).toBeGreaterThanOrEqual(10);
    expect(first.accepted).toBeLessThanOrEqual(11);
    expect(first.nextRunAt!.getTime()).toBeGreaterThan(clock);
    const mid = await setup.staff.campaigns.get({ labId: setup.labId, campaignId });
    expect(mid.progress.messages).toMatchObject({ accepted: first.accepted * 2, queued: first.accepted * 2, sent: 0, delivered: 0 });
    expect(mid.progress.rows).toMatchObject({ accepted: first.accepted, ready: 25 - first.accepted, rejected: 1 });
    expect(mid.progress.expected).toBe(50);

    await runToEnd(campaignId);
    const done = await setup.staff.campaigns.get({ labId: setup.labId, campaignId });
    expect(done.status).toBe("COMPLETED");
    expect(done.progress.rows).toEqual({ pending: 0, ready: 0, skipped: 0, rejected: 1, sending: 0, accepted: 25, cancelled: 0 });
    expect(done.progress.messages).toEqual({ accepted: 50, queued: 0, sent: 0, delivered: 50, failed: 0, skipped: 0, cancelled: 0 });
    expect(done.progress.done).toBe(50);
    // One message per row and channel, each row's keyed to the campaign and row.
    const messages = await db().message.findMany({ where: { id: { in: await campaignMessageIds(campaignId) } }, select: { idempotencyKey: true, channel: true } });
    expect(new Set(messages.map((m) => `${m.idempotencyKey}:${m.channel}`)).size).toBe(50);
  });

  it("a scheduled campaign waits for its time, then runs", async () => {
    const { campaignId } = await makeCampaign(setup, [goodRow(1), goodRow(2)]);
    const sendAt = new Date(Date.now() + 3_600_000);
    const scheduled = await setup.admin.campaigns.start({ labId: setup.labId, campaignId, sendAt });
    expect(scheduled).toMatchObject({ status: "SCHEDULED", sendAt });
    const job = await db().job.findFirstOrThrow({ where: { name: "run-campaign", payload: { path: ["campaignId"], equals: campaignId } } });
    expect(job.runAt).toEqual(sendAt);
    await forgetCampaignJobs(setup.labId);

    const early = await runCampaign({ db: db(), labId: setup.labId, campaignId, now: new Date(sendAt.getTime() - 60_000) });
    expect(early).toEqual({ accepted: 0, rejected: 0, nextRunAt: sendAt });
    clock = Math.max(clock, sendAt.getTime());
    const onTime = await step(campaignId);
    expect(onTime.accepted).toBe(2);
    expect((await db().campaign.findUniqueOrThrow({ where: { id: campaignId } })).status).toBe("RUNNING");
  });

  it("pause stops taking rows, resume goes on from the next row, cancel stops for good and cancels what no provider has", async () => {
    const { campaignId } = await makeCampaign(setup, Array.from({ length: 30 }, (_, i) => goodRow(i + 1)));
    await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    await forgetCampaignJobs(setup.labId);
    const first = await step(campaignId);

    const paused = await setup.admin.campaigns.pause({ labId: setup.labId, campaignId });
    expect(paused.status).toBe("PAUSED");
    expect(await step(campaignId)).toEqual({ accepted: 0, rejected: 0, nextRunAt: null });
    expect(await campaignMessageIds(campaignId)).toHaveLength(first.accepted * 2);

    const resumed = await setup.admin.campaigns.resume({ labId: setup.labId, campaignId });
    expect(resumed.status).toBe("RUNNING");
    expect(await db().job.count({ where: { name: "run-campaign", payload: { path: ["campaignId"], equals: campaignId } } })).toBe(1);
    await forgetCampaignJobs(setup.labId);
    const second = await step(campaignId);
    const rowsSent = await db().campaignRow.findMany({ where: { campaignId, status: "ACCEPTED" }, orderBy: { rowNumber: "asc" }, select: { rowNumber: true } });
    expect(rowsSent.map((r) => r.rowNumber)).toEqual(Array.from({ length: first.accepted + second.accepted }, (_, i) => i + 1));

    const { campaign, messagesCancelled } = await setup.admin.campaigns.cancel({ labId: setup.labId, campaignId });
    expect(campaign.status).toBe("CANCELLED");
    // Nothing was dispatched yet: every message written is cancelled, every row not taken too.
    expect(messagesCancelled).toBe((first.accepted + second.accepted) * 2);
    const progress = (await setup.admin.campaigns.get({ labId: setup.labId, campaignId })).progress;
    expect(progress.rows).toMatchObject({ accepted: first.accepted + second.accepted, cancelled: 30 - first.accepted - second.accepted, ready: 0 });
    expect(progress.messages).toMatchObject({ cancelled: messagesCancelled, queued: 0 });
    expect(await step(campaignId)).toEqual({ accepted: 0, rejected: 0, nextRunAt: null });
    await expectTRPCError(setup.admin.campaigns.resume({ labId: setup.labId, campaignId }), "PRECONDITION_FAILED", /a cancelled campaign cannot be started/);

    const actions = await db().auditLog.findMany({ where: { targetId: campaignId }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["campaign.create", "campaign.configure", "campaign.start", "campaign.pause", "campaign.resume", "campaign.cancel"]);
  });

  it("a start or upload retried does nothing twice", async () => {
    const { campaignId } = await makeCampaign(setup, [goodRow(1)]);
    await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    expect(await db().job.count({ where: { name: "run-campaign", payload: { path: ["campaignId"], equals: campaignId } } })).toBe(1);
    await forgetCampaignJobs(setup.labId);
    const created = await setup.admin.campaigns.create({ labId: setup.labId, name: "Retried", columns: ["a"], idempotencyKey: `k-${campaignId}` });
    const again = await setup.admin.campaigns.create({ labId: setup.labId, name: "Retried", columns: ["a"], idempotencyKey: `k-${campaignId}` });
    expect(again.id).toBe(created.id);
    await setup.admin.campaigns.appendRows({ labId: setup.labId, campaignId: created.id, startRow: 1, rows: [["x"], ["y"]] });
    expect(await setup.admin.campaigns.appendRows({ labId: setup.labId, campaignId: created.id, startRow: 1, rows: [["x"], ["y"]] })).toEqual({ added: 0, rowCount: 2 });
  });

  it("a step that died after sending is taken again without a second message for any row", async () => {
    const { campaignId } = await makeCampaign(setup, Array.from({ length: 12 }, (_, i) => goodRow(i + 1)));
    await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    await forgetCampaignJobs(setup.labId);
    const first = await step(campaignId);
    const before = await campaignMessageIds(campaignId);
    const labMessages = await db().message.count({ where: { labId: setup.labId } });
    // What a crash between the send and its record leaves: rows still claimed, no links to their messages.
    await db().campaignMessage.deleteMany({ where: { campaignId } });
    await db().campaignRow.updateMany({ where: { campaignId, status: "ACCEPTED" }, data: { status: "SENDING", claimedAt: new Date(clock - 120_000) } });

    clock += 60_000;
    const again = await step(campaignId);
    expect(again.accepted).toBeGreaterThanOrEqual(first.accepted);
    const after = await campaignMessageIds(campaignId);
    expect(after.slice(0, before.length).sort()).toEqual([...before].sort());
    // Only the rows not sent before made new messages.
    expect(await db().message.count({ where: { labId: setup.labId } })).toBe(labMessages + (again.accepted - first.accepted) * 2);
    await runToEnd(campaignId);
    expect(await campaignMessageIds(campaignId)).toHaveLength(24);
  });

  it("the run-campaign job runs a step and queues the next at the pace's next slot", async () => {
    const { campaignId } = await makeCampaign(setup, Array.from({ length: 15 }, (_, i) => goodRow(i + 1)));
    await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    await forgetCampaignJobs(setup.labId);
    // The job runs on the real clock; the steps above reserved the pace ahead on theirs.
    await db().campaignPace.update({ where: { labId: setup.labId }, data: { nextSlotMs: 0 } });
    const result = (await runCampaignJob.handler({ campaignId, labId: setup.labId }, { attempt: 1, maxAttempts: 11, jobId: "j1", logger: captureLogger().logger, signal: new AbortController().signal })) as { accepted: number; nextRunAt: string };
    expect(result.accepted).toBeGreaterThan(0);
    const next = await db().job.findFirstOrThrow({ where: { name: "run-campaign", payload: { path: ["campaignId"], equals: campaignId } } });
    expect(next.runAt.toISOString()).toBe(result.nextRunAt);
    await forgetCampaignJobs(setup.labId);
  });

  it("a lab admin sets the pace every campaign of the lab shares: the next step takes it, and the change is audited", async () => {
    const { campaignId } = await makeCampaign(setup, Array.from({ length: 40 }, (_, i) => goodRow(i + 1)));
    const set = await setup.admin.campaigns.setPace({ labId: setup.labId, ratePerSecond: 40 });
    expect(set).toEqual({ ratePerSecond: 40, defaultRatePerSecond: expect.any(Number) });
    await setup.admin.campaigns.start({ labId: setup.labId, campaignId });
    await forgetCampaignJobs(setup.labId);
    clock += 10_000;
    // 40 messages a second over a one-second step: 20 or 21 rows of two channels, twice the pace of before.
    const first = await step(campaignId);
    expect(first.accepted).toBeGreaterThanOrEqual(20);
    expect(first.accepted).toBeLessThanOrEqual(21);
    expect((await setup.staff.campaigns.get({ labId: setup.labId, campaignId })).pace).toMatchObject({ ratePerSecond: 40 });

    // Setting it again changes nothing; null goes back to the platform's rate.
    await setup.admin.campaigns.setPace({ labId: setup.labId, ratePerSecond: 40 });
    const platform = await setup.admin.campaigns.setPace({ labId: setup.labId, ratePerSecond: null });
    expect(platform.ratePerSecond).toBeNull();
    const audit = await db().auditLog.findMany({ where: { labId: setup.labId, action: "campaign.pace" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => [e.actorType, e.diff])).toEqual([
      ["user", { ratePerSecond: { from: 20, to: 40 } }],
      ["user", { ratePerSecond: { from: 40, to: null } }],
    ]);
    await setup.admin.campaigns.cancel({ labId: setup.labId, campaignId });
    await setup.admin.campaigns.setPace({ labId: setup.labId, ratePerSecond: 20 });
  });
});
