import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { PROVIDER_CONCURRENCY } from "@/server/services/delivery/delivery-settings";
import { startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { dispatch, insertMessages, phone } from "./delivery-helpers";

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

/**
 * Twilio takes no idempotency key, so dispatch marks each message just before its call and writes
 * its outcome before that slot's next call: a crash at any moment leaves at most the calls in flight
 * with an unknown outcome. Dispatch writes a slot's outcome and the mark of its next call in one
 * statement; these checks hold at every moment of a batch, read while it runs.
 */
describe("dispatch through a provider without idempotency", () => {
  it("marks every call before the provider sees it, and never has more calls marked without an outcome than are in flight", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const lab = labs[0]!;
    const sid = `AC${uniq().replace(/[^0-9a-f]/g, "").padEnd(32, "b").slice(0, 32)}`;
    const token = "0123456789abcdef0123456789abcdef";
    const account = await createBusinessAccount({
      db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: "Twilio",
      config: { accountSid: sid, authToken: token, from: "+14155550100" },
    });
    harness.sim.accounts.register({ provider: "twilio", id: sid, secret: token, webhookUrl: harness.webhookUrl("twilio", account.id) });
    // Slow answers, so calls overlap and outcomes arrive while other calls are in flight; no callbacks, so statuses stay as dispatch wrote them.
    harness.sim.faults.add([{ provider: "twilio", account: sid, latencyMs: { min: 20, max: 80 }, callbacks: { dropRate: 1 } }]);
    const ids = await insertMessages(lab.id, Array.from({ length: 3 * PROVIDER_CONCURRENCY }, () => ({ to: phone() })));
    const idSet = new Set(ids);

    const samples: { seen: number; unmarked: string[]; uncertain: number }[] = [];
    let running = true;
    const sampling = (async () => {
      while (running) {
        // The provider's view first, then the database's: a call the provider had seen must already be marked.
        const seen = new Set(harness.sim.ledger.query({ provider: "twilio", operation: "send" }).flatMap((e) => (e.heraldMessageId && idSet.has(e.heraldMessageId) ? [e.heraldMessageId] : [])));
        const rows = await db().message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, callStartedAt: true } });
        samples.push({
          seen: seen.size,
          unmarked: rows.filter((r) => seen.has(r.id) && r.callStartedAt === null).map((r) => r.id),
          uncertain: rows.filter((r) => r.status === "SENDING" && r.callStartedAt !== null).length,
        });
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const summary = await dispatch(ids);
    running = false;
    await sampling;

    expect(summary.sent).toBe(ids.length);
    expect(ids.map((id) => harness.sim.ledger.acceptedSends(id))).toEqual(ids.map(() => 1));
    // The sampling saw the batch in progress, with calls in flight.
    expect(samples.some((s) => s.uncertain > 0 && s.seen > 0 && s.seen < ids.length)).toBe(true);
    expect(samples.flatMap((s) => s.unmarked)).toEqual([]);
    expect(Math.max(...samples.map((s) => s.uncertain))).toBeLessThanOrEqual(PROVIDER_CONCURRENCY);
    const rows = await db().message.findMany({ where: { id: { in: ids } }, select: { status: true, callStartedAt: true, claimedBy: true } });
    expect(rows.every((r) => r.status === "SENT" && r.callStartedAt !== null && r.claimedBy === null)).toBe(true);
  });
});
