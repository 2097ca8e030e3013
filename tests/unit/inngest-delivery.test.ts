import { InngestTestEngine, mockCtx } from "@inngest/test";
import { internalEvents } from "inngest";
import { describe, expect, it } from "vitest";
import { cleanup } from "@/inngest/functions/cleanup";
import { pollRecentStatuses, pollStatuses } from "@/inngest/functions/poll-statuses";
import { dispatchMessages } from "@/inngest/functions/dispatch-messages";
import { requeueStalled } from "@/inngest/functions/requeue-stalled";
import { functions } from "@/inngest";
import { db } from "@/server/db";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { insertMessages, makeDeliveryLab, phone, statusesOf } from "../integration/delivery-helpers";

// @inngest/test starts every execution at attempt 0; a retry is an execution with the attempt set.
const atAttempt = (attempt: number) => (ctx: Parameters<typeof mockCtx>[0]) => ({ ...mockCtx(ctx), attempt });

describe("delivery's Inngest functions", () => {
  it("are served with their flow control: per-lab concurrency and per-account throttle for sends, singleton sweeps", () => {
    expect(functions).toEqual(expect.arrayContaining([dispatchMessages, requeueStalled, pollStatuses, cleanup]));
    expect(dispatchMessages.opts).toMatchObject({
      id: "dispatch-messages",
      triggers: [{ event: "herald/dispatch-messages" }],
      concurrency: [{ key: "event.data.labId", limit: 10 }],
      throttle: { key: "event.data.businessAccountId", period: "1s" },
    });
    expect(requeueStalled.opts).toMatchObject({ id: "requeue-stalled", triggers: [{ event: "herald/requeue-stalled" }, { cron: "* * * * *" }], singleton: { mode: "skip" } });
    expect(pollStatuses.opts).toMatchObject({ triggers: [{ event: "herald/poll-statuses" }, { cron: "*/5 * * * *" }] });
    expect(functions).toContain(pollRecentStatuses);
    expect(pollRecentStatuses.opts).toMatchObject({ id: "poll-recent-statuses", triggers: [{ event: "herald/poll-recent-statuses" }, { cron: "* * * * *" }], singleton: { mode: "skip" } });
    expect(cleanup.opts).toMatchObject({ id: "cleanup-messages", triggers: [{ event: "herald/cleanup-messages" }, { cron: "0 2 * * *" }] });
  });

  it("dispatch-messages dispatches the event's messages against the real database", async () => {
    const { lab, accounts } = await makeDeliveryLab([{ channel: "SMS" }]);
    const ids = await insertMessages(lab.id, [{ to: phone() }, { to: phone() }]);
    const t = new InngestTestEngine({ function: dispatchMessages });

    const { result, error } = await t.execute({
      events: [{ name: "herald/dispatch-messages", data: { messageIds: ids, labId: lab.id, businessAccountId: accounts[0]!.id } }],
    });

    expect(error).toBeUndefined();
    expect(result).toMatchObject({ claimed: 2, sent: 2 });
    expect(await statusesOf(ids)).toEqual(["DELIVERED", "DELIVERED"]);
  });

  it("dispatch-messages run again (Inngest retrying the run) sends nothing twice", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const ids = await insertMessages(lab.id, [{ to: phone() }]);
    const events: [{ name: string; data: object }] = [{ name: "herald/dispatch-messages", data: { messageIds: ids, labId: lab.id } }];

    await new InngestTestEngine({ function: dispatchMessages }).execute({ events });
    const retry = await new InngestTestEngine({ function: dispatchMessages, transformCtx: atAttempt(1) }).execute({ events });

    expect(retry.error).toBeUndefined();
    expect(retry.result).toMatchObject({ claimed: 0 });
    expect(sandboxLedger.callsOf(ids[0]!)).toBe(1);
  });

  it("dispatch-messages refuses an event without message ids, without retrying", async () => {
    const { error } = await new InngestTestEngine({ function: dispatchMessages }).execute({ events: [{ name: "herald/dispatch-messages", data: { labId: "x" } }] });
    expect(error).toMatchObject({ name: "NonRetriableError" });
  });

  it("cleanup applies retention on its cron", async () => {
    const { lab } = await makeDeliveryLab([]);
    const [id] = await insertMessages(lab.id, [{}]);
    await db().message.update({ where: { id: id! }, data: { status: "DELIVERED", createdAt: new Date(Date.now() - 120 * 24 * 60 * 60_000) } });

    const { error } = await new InngestTestEngine({ function: cleanup }).execute({ events: [{ name: internalEvents.ScheduledTimer, data: { cron: "0 2 * * *" } }] });

    expect(error).toBeUndefined();
    expect(await db().message.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ to: null, redactedAt: expect.any(Date) });
  });
});
