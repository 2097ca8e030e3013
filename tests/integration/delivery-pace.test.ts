import { describe, expect, it } from "vitest";
import { createDb, db, sqlOf } from "@/server/db";
import { PACE_HORIZON_MS, reserveSendSlots, slowDownAccount } from "@/server/services/delivery/pace-accounts";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { dispatch, insertMessages, makeDeliveryLab, phone, settle, statusesOf, timeline } from "./delivery-helpers";

/** A lab with one sandbox SMS account sending at `rate` requests a second (null: no limit). */
async function pacedLab(rate: number | null, rules: Parameters<typeof makeDeliveryLab>[0] = [{ channel: "SMS" }]) {
  const { lab, accounts } = await makeDeliveryLab(rules);
  const account = accounts[0]!;
  await db().businessAccount.update({ where: { id: account.id }, data: { sendRatePerSecond: rate } });
  return { lab, account };
}

const pace = (businessAccountId: string) => db().accountPace.findUniqueOrThrow({ where: { businessAccountId } });

describe("an account's send rate", () => {
  it("hands out consecutive slots one interval apart, saves none over an idle spell, and none past the horizon", async () => {
    const { account } = await pacedLab(10);
    const now = Date.parse("2026-06-01T10:00:00Z");
    const first = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 5, nowMs: now });
    expect(first.slotsMs).toEqual([now, now + 100, now + 200, now + 300, now + 400]);
    const rest = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 100, nowMs: now });
    // Slots from now + 500 ms up to now + the horizon: 16 more.
    expect(rest.slotsMs).toHaveLength(16);
    expect(rest.slotsMs[0]).toBe(now + 500);
    expect(rest.slotsMs.at(-1)).toBe(now + PACE_HORIZON_MS);
    expect(rest.nextFreeMs).toBe(now + PACE_HORIZON_MS + 100);
    expect(rest.stepMs).toBe(100);
    const full = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 3, nowMs: now });
    expect(full.slotsMs).toEqual([]);
    // A minute idle saves nothing: the next request goes now, the one after an interval later.
    const later = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 2, nowMs: now + 60_000 });
    expect(later.slotsMs).toEqual([now + 60_000, now + 60_100]);
  });

  it("gives workers reserving at the same moment disjoint slots", async () => {
    const { account } = await pacedLab(50);
    const other = createDb(process.env.DATABASE_URL!, 4);
    try {
      const now = Date.parse("2026-06-01T11:00:00Z");
      const reserve = (runner: ReturnType<typeof sqlOf>) => reserveSendSlots(runner, { businessAccountId: account.id, ratePerSecond: 50, requests: 40, nowMs: now });
      const results = await Promise.all([reserve(sqlOf(db())), reserve(sqlOf(other)), reserve(sqlOf(db())), reserve(sqlOf(other))]);
      const slots = results.flatMap((r) => r.slotsMs);
      // 2 s of horizon at 50/s: 101 slots, each handed out once.
      expect(slots).toHaveLength(101);
      expect(new Set(slots).size).toBe(101);
      expect(Math.max(...slots)).toBe(now + PACE_HORIZON_MS);
    } finally {
      await other.$disconnect();
    }
  });

  it("halves the pace on a 429 (once for the calls of one episode), waits out Retry-After, and climbs back within a minute", async () => {
    const { account } = await pacedLab(10);
    const now = Date.parse("2026-06-01T12:00:00Z");
    await slowDownAccount(sqlOf(db()), { businessAccountId: account.id, retryAfterMs: 3_000, nowMs: now });
    await slowDownAccount(sqlOf(db()), { businessAccountId: account.id, retryAfterMs: 1_000, nowMs: now + 10 });
    expect(await pace(account.id)).toMatchObject({ factor: 0.5, nextSlotMs: now + 3_000 });
    const slowed = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 3, nowMs: now + 3_000 });
    // Half the pace, recovering linearly from the 429: 3 s into the minute, 52.5% of it.
    const step = 100 / (0.5 + 0.5 * (3_000 / 60_000));
    expect(slowed.stepMs).toBeCloseTo(step, 6);
    expect(slowed.slotsMs[0]).toBe(now + 3_000);
    expect(slowed.slotsMs[2]).toBeCloseTo(now + 3_000 + 2 * step, 3);
    const later = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 1, nowMs: now + 70_000 });
    expect(later.stepMs).toBe(100);
    await slowDownAccount(sqlOf(db()), { businessAccountId: account.id, retryAfterMs: 0, nowMs: now + 70_000 });
    await slowDownAccount(sqlOf(db()), { businessAccountId: account.id, retryAfterMs: 0, nowMs: now + 71_500 });
    // A second episode 1.5 s later halves the pace it had climbed back to.
    expect((await pace(account.id)).factor).toBeCloseTo(0.5 * (0.5 + 0.5 * (1_500 / 60_000)), 6);
  });
});

describe("dispatch through a paced account", () => {
  it("sends what fits its rate within the horizon, each at its slot, and puts the rest back in the queue without spending an attempt", async () => {
    const { lab, account } = await pacedLab(4);
    const ids = await insertMessages(lab.id, Array.from({ length: 20 }, () => ({ to: phone() })));

    const started = Date.now();
    const run = await dispatch(ids);

    // 2 s of horizon at 4/s: 9 requests, the first at once.
    expect(run).toMatchObject({ claimed: 20, sent: 9, retrying: 11 });
    const messages = await db().message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, attempts: true, nextAttemptAt: true, sentAt: true } });
    const sent = messages.filter((m) => m.status !== "QUEUED");
    const paced = messages.filter((m) => m.status === "QUEUED");
    expect(paced).toHaveLength(11);
    for (const m of paced) expect(m.attempts).toBe(0);
    // The last granted slot lies 2 s after the dispatch began: it was not called before then.
    const lastSent = Math.max(...sent.map((m) => m.sentAt!.getTime()));
    expect(lastSent - started).toBeGreaterThanOrEqual(PACE_HORIZON_MS - 50);
    // The rest wait for the window their slot falls in, and the job queued for that window finds
    // each of them due when it runs.
    for (const m of paced) {
      const due = m.nextAttemptAt!.getTime();
      expect(due % PACE_HORIZON_MS === 0 || due <= started + PACE_HORIZON_MS + 1_000).toBe(true);
      const group = run.scheduled.find((g) => g.messageIds.includes(m.id))!;
      expect(group.runAt!.getTime()).toBeGreaterThanOrEqual(due);
    }
    expect(await timeline(paced[0]!.id)).toContainEqual(
      expect.objectContaining({ type: "paced", status: "QUEUED", detail: expect.objectContaining({ businessAccountId: account.id, ratePerSecond: 4 }) }),
    );
    expect(run.scheduled.flatMap((g) => g.messageIds).sort()).toEqual(paced.map((m) => m.id).sort());
  });

  it("sends a queue longer than its horizon in full, window by window, each message once", async () => {
    const { lab } = await pacedLab(20);
    const ids = await insertMessages(lab.id, Array.from({ length: 120 }, () => ({ to: phone() })));
    const runs = await settle(ids);
    expect(runs.length).toBeGreaterThan(1);
    expect(new Set(await statusesOf(ids))).toEqual(new Set(["DELIVERED"]));
    const accepted = await db().messageEvent.groupBy({ by: ["messageId"], where: { messageId: { in: ids }, type: "accepted" }, _count: true });
    expect(accepted).toHaveLength(120);
    expect(accepted.every((a) => a._count === 1)).toBe(true);
    const attempts = await db().message.findMany({ where: { id: { in: ids } }, select: { attempts: true } });
    expect(attempts.every((m) => m.attempts === 1)).toBe(true);
  });

  it("leaves an account without a rate alone: a paced account elsewhere never slows it", async () => {
    await pacedLab(1);
    const { lab } = await pacedLab(null);
    const ids = await insertMessages(lab.id, Array.from({ length: 30 }, () => ({ to: phone() })));
    const run = await dispatch(ids);
    expect(run).toMatchObject({ claimed: 30, sent: 30, retrying: 0, scheduled: [] });
  });

  it("slows the account down for every worker when the provider answers 429", async () => {
    const { lab, account } = await pacedLab(20, [{ channel: "SMS", rules: [{ outcome: { type: "rate_limit", times: 1, retryAfterMs: 30_000 } }] }]);
    const ids = await insertMessages(lab.id, [{ to: phone() }]);
    const before = Date.now();
    const run = await dispatch(ids);
    expect(run).toMatchObject({ retrying: 1 });
    const slowed = await pace(account.id);
    expect(slowed.factor).toBe(0.5);
    expect(slowed.nextSlotMs).toBeGreaterThanOrEqual(before + 30_000);
  });
  it("holds an account without a rate until the provider's Retry-After, in every worker, without spending attempts", async () => {
    const { lab, account } = await pacedLab(null, [{ channel: "SMS", rules: [{ outcome: { type: "rate_limit", times: 1, retryAfterMs: 30_000 } }] }]);
    const [refused] = await insertMessages(lab.id, [{ to: phone() }]);
    const before = Date.now();
    expect(await dispatch([refused!])).toMatchObject({ retrying: 1 });
    expect((await pace(account.id)).nextSlotMs).toBeGreaterThanOrEqual(before + 30_000);

    // Another worker's batch for the same account, inside the Retry-After: nothing goes to the provider.
    const later = await insertMessages(lab.id, Array.from({ length: 3 }, () => ({ to: phone() })));
    const run = await dispatch(later);
    expect(run).toMatchObject({ claimed: 3, sent: 0 });
    const held = await db().message.findMany({ where: { id: { in: later } }, select: { status: true, attempts: true, nextAttemptAt: true } });
    for (const message of held) {
      expect(message).toMatchObject({ status: "QUEUED", attempts: 0 });
      expect(message.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before + 30_000 - PACE_HORIZON_MS);
    }
    expect((await timeline(later[0]!)).map((e) => e.type)).toContain("paced");
  });
});

describe("an account's send rate through businessAccounts", () => {
  it("is set and cleared by a lab admin, shown beside the provider's own limit, audited, and refused when not a positive rate", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const labId = labs[0]!.id;
    const admin = await makeUser({ labId, role: "LAB_ADMIN" });
    const caller = callerFor(admin.principal);
    const created = await caller.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "Paced", config: {}, sendRatePerSecond: 12.5 });
    expect(created).toMatchObject({ sendRatePerSecond: 12.5, providerRatePerSecond: null });
    const cleared = await caller.businessAccounts.update({ labId, id: created.id, sendRatePerSecond: null });
    expect(cleared.sendRatePerSecond).toBeNull();
    const audit = await db().auditLog.findMany({ where: { targetId: created.id }, orderBy: { createdAt: "asc" }, select: { action: true, diff: true } });
    expect(audit.at(-1)).toMatchObject({ action: "businessAccount.update", diff: { sendRatePerSecond: { from: 12.5, to: null } } });
    for (const bad of [0, -1, 20_000]) {
      await expectTRPCError(caller.businessAccounts.update({ labId, id: created.id, sendRatePerSecond: bad }), "BAD_REQUEST", /sendRatePerSecond/);
    }
  });
});
