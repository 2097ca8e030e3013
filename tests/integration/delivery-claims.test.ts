import { describe, expect, it } from "vitest";
import { adapterContext } from "../helpers/adapter-context";
import { db } from "@/server/db";
import { sandboxProvider } from "@/server/providers/sandbox/sandbox.provider";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { ZSandboxConfig } from "@/server/providers/sandbox/sandbox-config";
import { claimMessages } from "@/server/services/delivery/claim-messages";
import { recordDispatchOutcomes, recordDispatchWrites } from "@/server/services/delivery/record-dispatch-outcomes";
import { requeueStalledMessages } from "@/server/services/delivery/requeue-stalled-messages";
import { dispatch, insertMessages, makeDeliveryLab, statusesOf, timeline } from "./delivery-helpers";

const MINUTE = 60_000;

/** Leaves messages as a worker killed after claiming them would: SENDING, claimed `ageMs` ago. */
async function abandonClaim(ids: string[], ageMs: number) {
  await db().message.updateMany({
    where: { id: { in: ids } },
    data: { status: "SENDING", claimedBy: "killed-worker", claimedAt: new Date(Date.now() - ageMs), attempts: 1 },
  });
}

describe("claims", () => {
  it("two dispatchers on the same messages send each one exactly once", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const ids = await insertMessages(lab.id, Array.from({ length: 30 }, () => ({})));

    const [a, b] = await Promise.all([dispatch(ids), dispatch(ids)]);

    expect(a.claimed + b.claimed).toBe(30);
    expect(await statusesOf(ids)).toEqual(ids.map(() => "DELIVERED"));
    for (const id of ids) {
      expect(sandboxLedger.callsOf(id)).toBe(1);
      expect((await timeline(id)).filter((e) => e.type === "dispatched")).toHaveLength(1);
    }
  });

  it("a worker killed mid-dispatch loses nothing: after the stale timeout another picks the message up, and it is sent once", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{}]);
    await abandonClaim([id!], 2 * MINUTE);

    // Too fresh to take over: the dispatcher leaves it, and looks again once the claim could be stale.
    const early = await dispatch([id!], { staleClaimMs: 3 * MINUTE });
    expect(early).toMatchObject({ claimed: 0, inFlightElsewhere: 1 });
    const followUp = early.scheduled[0]!;
    expect(followUp.messageIds).toEqual([id]);
    const claimedAt = (await db().message.findUniqueOrThrow({ where: { id: id! } })).claimedAt!;
    expect(followUp.runAt!.getTime()).toBeGreaterThan(claimedAt.getTime() + 3 * MINUTE);

    const late = await dispatch([id!], { staleClaimMs: 3 * MINUTE, now: followUp.runAt });

    expect(late).toMatchObject({ claimed: 1, sent: 1 });
    expect(await statusesOf([id!])).toEqual(["DELIVERED"]);
    expect(sandboxLedger.callsOf(id!)).toBe(1);
    const dispatched = (await timeline(id!)).find((e) => e.type === "dispatched");
    expect(dispatched?.detail).toMatchObject({ attempt: 2, reclaimedFrom: "killed-worker" });
  });

  // Herald's side of this (no resend through a provider that cannot dedupe) is in webhooks-twilio.test.ts.
  it("a dead worker's message is offered again to a provider that dedupes by message id, which answers with its first acceptance", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{}]);
    const row = await db().message.findUniqueOrThrow({ where: { id: id! } });
    // The killed worker got as far as the provider call.
    const accepted = await sandboxProvider.adapters.SMS!.send({ messageId: id!, to: row.to!, triggerKey: row.triggerKey, body: row.body!, segments: null }, ZSandboxConfig.parse({}), adapterContext());
    await abandonClaim([id!], 2 * MINUTE);

    await dispatch([id!], { staleClaimMs: MINUTE });

    expect(await db().message.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "DELIVERED", providerMessageId: accepted.providerMessageId });
    expect(sandboxLedger.sendsOf(id!)).toHaveLength(1);
    const events = await db().messageEvent.findMany({ where: { messageId: id! }, orderBy: { createdAt: "asc" } });
    expect(events.find((e) => e.type === "dispatched" && (e.detail as { reclaimedFrom?: string }).reclaimedFrom)).toBeDefined();
  });

  it("a slow worker whose claim was taken over cannot overwrite the new holder's result", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{}]);
    const now = new Date();
    await claimMessages(db(), { messageIds: [id!], workerId: "slow-worker", now, staleClaimMs: MINUTE });
    const takeover = await dispatch([id!], { now: new Date(now.getTime() + 2 * MINUTE), staleClaimMs: MINUTE });
    expect(takeover.sent).toBe(1);

    const written = await recordDispatchOutcomes(db(), {
      workerId: "slow-worker",
      at: new Date(),
      outcomes: [{ messageId: id!, labId: lab.id, status: "FAILED", businessAccountId: null, provider: null, errorCode: "late", event: { type: "failed", status: "FAILED", detail: {} } }],
    });

    expect(written.size).toBe(0);
    expect(await statusesOf([id!])).toEqual(["DELIVERED"]);
  });

  it("one statement for several workers writes each row only under its own worker's claim, at that worker's time", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [mine, theirs, marked] = await insertMessages(lab.id, [{}, {}, {}]);
    const now = new Date();
    await claimMessages(db(), { messageIds: [mine!, marked!], workerId: "worker-a", now, staleClaimMs: MINUTE });
    await claimMessages(db(), { messageIds: [theirs!], workerId: "worker-b", now, staleClaimMs: MINUTE });
    const sent = (messageId: string) => ({ messageId, labId: lab.id, status: "SENT" as const, businessAccountId: null, provider: "sandbox", sent: true, event: { type: "accepted", status: "SENT" as const, detail: {} } });
    const atA = new Date(now.getTime() + 1_000);
    const atB = new Date(now.getTime() + 2_000);

    const written = await recordDispatchWrites(db(), {
      outcomes: [
        { workerId: "worker-a", at: atA, outcome: sent(mine!) },
        { workerId: "worker-b", at: atB, outcome: sent(theirs!) },
        // worker-a does not hold this one: the row is skipped, worker-b's stands.
        { workerId: "worker-a", at: atA, outcome: { ...sent(theirs!), status: "FAILED", sent: false, event: { type: "failed", status: "FAILED", detail: {} } } },
      ],
      calling: [
        { workerId: "worker-a", at: atA, messageId: marked! },
        { workerId: "worker-b", at: atB, messageId: mine! },
      ],
    });

    expect(written.sort((x, y) => x.workerId.localeCompare(y.workerId))).toEqual([
      { messageId: mine, workerId: "worker-a" },
      { messageId: theirs, workerId: "worker-b" },
    ]);
    const rows = await db().message.findMany({ where: { id: { in: [mine!, theirs!, marked!] } }, select: { id: true, status: true, sentAt: true, callStartedAt: true } });
    const row = (id: string) => rows.find((r) => r.id === id)!;
    expect(row(mine!)).toMatchObject({ status: "SENT", sentAt: atA, callStartedAt: null });
    expect(row(theirs!)).toMatchObject({ status: "SENT", sentAt: atB });
    expect(row(marked!)).toMatchObject({ status: "SENDING", callStartedAt: atA });
    for (const [id, at] of [[mine!, atA], [theirs!, atB]] as const) {
      const events = await db().messageEvent.findMany({ where: { messageId: id, source: "worker", type: { not: "dispatched" } }, select: { type: true, createdAt: true } });
      expect(events).toEqual([{ type: "accepted", createdAt: at }]);
    }
  });

  it("retry-failed requeues messages whose job was lost and claims left by dead workers, and nothing in progress", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [lost, stale, fresh, waiting] = await insertMessages(lab.id, [{}, {}, {}, {}]);
    await db().message.update({ where: { id: lost! }, data: { nextAttemptAt: new Date(Date.now() - 30 * MINUTE) } });
    await abandonClaim([stale!], 30 * MINUTE);
    await db().message.update({ where: { id: waiting! }, data: { nextAttemptAt: new Date(Date.now() + 30 * MINUTE) } });

    const { requeued } = await requeueStalledMessages({ db: db() });

    expect(requeued).toBeGreaterThanOrEqual(2);
    const jobs = await db().job.findMany({ where: { name: "dispatch-messages", payload: { path: ["labId"], equals: lab.id } } });
    const queued = jobs.flatMap((j) => (j.payload as { messageIds: string[] }).messageIds);
    expect(queued).toEqual(expect.arrayContaining([lost, stale]));
    expect(queued).not.toContain(fresh);
    expect(queued).not.toContain(waiting);
  });
});
