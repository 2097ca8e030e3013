import { describe, expect, it } from "vitest";
import { createDb, db, sqlOf } from "@/server/db";
import { PACE_HORIZON_MS, reserveSendSlots, slowDownAccount } from "@/server/services/delivery/pace-accounts";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { dispatch, insertMessages, makeDeliveryLab, phone, timeline } from "./delivery-helpers";

/** A lab with one sandbox SMS account sending at `rate` requests a second (null: no limit). */
async function pacedLab(rate: number | null, rules: Parameters<typeof makeDeliveryLab>[0] = [{ channel: "SMS" }]) {
  const { lab, accounts } = await makeDeliveryLab(rules);
  const account = accounts[0]!;
  await db().businessAccount.update({ where: { id: account.id }, data: { sendRatePerSecond: rate } });
  return { lab, account };
}

const pace = (businessAccountId: string) => db().accountPace.findUniqueOrThrow({ where: { businessAccountId } });

describe("an account's send rate", () => {
  it("hands out consecutive slots one interval apart, a second's burst after an idle spell, and no slot past the horizon", async () => {
    const { account } = await pacedLab(10);
    const now = Date.parse("2026-06-01T10:00:00Z");
    const first = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 5, nowMs: now });
    // Idle until now: the second's burst lets these five go at once.
    expect(first.slotsMs).toEqual([now, now, now, now, now]);
    const rest = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 100, nowMs: now });
    // Slots from now - 1 s + 5 intervals up to now + the horizon: 31 - 5 = 26 more, the last at now + 2 s.
    expect(rest.slotsMs).toHaveLength(26);
    expect(rest.slotsMs.at(-1)).toBe(now + PACE_HORIZON_MS);
    expect(rest.slotsMs.slice(6, 9)).toEqual([now + 100, now + 200, now + 300]);
    expect(rest.nextFreeMs).toBe(now + PACE_HORIZON_MS + 100);
    expect(rest.stepMs).toBe(100);
    const full = await reserveSendSlots(sqlOf(db()), { businessAccountId: account.id, ratePerSecond: 10, requests: 3, nowMs: now });
    expect(full.slotsMs).toEqual([]);
  });

  it("gives workers reserving at the same moment disjoint slots", async () => {
    const { account } = await pacedLab(50);
    const other = createDb(process.env.DATABASE_URL!, 4);
    try {
      const now = Date.parse("2026-06-01T11:00:00Z");
      const reserve = (runner: ReturnType<typeof sqlOf>) => reserveSendSlots(runner, { businessAccountId: account.id, ratePerSecond: 50, requests: 40, nowMs: now });
      const results = await Promise.all([reserve(sqlOf(db())), reserve(sqlOf(other)), reserve(sqlOf(db())), reserve(sqlOf(other))]);
      const slots = results.flatMap((r) => r.slotsMs);
      // 1 s of burst and 2 s of horizon at 50/s: 151 slots, each interval handed out once.
      expect(slots).toHaveLength(151);
      const past = slots.filter((s) => s === now).length;
      expect(past).toBe(51);
      expect(new Set(slots.filter((s) => s > now)).size).toBe(100);
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

    // A second's burst (5 slots at 4/s, counting the first) and 2 s of horizon at 4/s: 13 requests.
    expect(run).toMatchObject({ claimed: 20, sent: 13, retrying: 7 });
    const messages = await db().message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, attempts: true, nextAttemptAt: true, sentAt: true } });
    const sent = messages.filter((m) => m.status !== "QUEUED");
    const paced = messages.filter((m) => m.status === "QUEUED");
    expect(paced).toHaveLength(7);
    for (const m of paced) expect(m.attempts).toBe(0);
    // The last granted slot lies 2 s after the dispatch began: it was not called before then.
    const lastSent = Math.max(...sent.map((m) => m.sentAt!.getTime()));
    expect(lastSent - started).toBeGreaterThanOrEqual(PACE_HORIZON_MS - 50);
    // The rest wait for slots after the horizon, one interval apart.
    const waits = paced.map((m) => m.nextAttemptAt!.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < waits.length; i++) expect(waits[i]! - waits[i - 1]!).toBe(250);
    expect(await timeline(paced[0]!.id)).toContainEqual(
      expect.objectContaining({ type: "paced", status: "QUEUED", detail: expect.objectContaining({ businessAccountId: account.id, ratePerSecond: 4 }) }),
    );
    expect(run.scheduled.flatMap((g) => g.messageIds).sort()).toEqual(paced.map((m) => m.id).sort());
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
