import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { cancelMessages } from "@/server/services/delivery/cancel-messages";
import { pollStatuses, RECENT_POLL_AGES } from "@/server/services/delivery/poll-statuses";
import { recordDeliveryStatus, recordDeliveryStatuses } from "@/server/services/delivery/record-delivery-status";
import { makeApiKey } from "../helpers/fixtures";
import { dispatch, email, insertMessages, makeDeliveryLab, phone, statusesOf, timeline } from "./delivery-helpers";

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

/** A message the sandbox accepted but has not reported delivered: SENT, as most messages are for a moment. */
async function sentMessage() {
  const { lab } = await makeDeliveryLab([{ channel: "SMS", lateDeliveryMs: 60 * 60_000 }]);
  const [id] = await insertMessages(lab.id, [{ to: phone("2222") }]);
  await dispatch([id!]);
  const { providerMessageId, businessAccountId } = await message(id!);
  return { id: id!, providerMessageId: providerMessageId!, businessAccountId: businessAccountId!, lab };
}

describe("delivery status", () => {
  it("only moves forward: late, repeated and contradicting reports are recorded but never move a message back", async () => {
    const { id, providerMessageId, businessAccountId } = await sentMessage();
    const report = (status: "SENT" | "DELIVERED" | "READ" | "UNDELIVERED") =>
      recordDeliveryStatus({ db: db(), businessAccountId, providerMessageId, status, source: "webhook", at: new Date() });

    expect(await report("DELIVERED")).toMatchObject({ messageId: id, previous: "SENT", applied: true });
    expect(await report("SENT")).toMatchObject({ applied: false });
    expect(await report("DELIVERED")).toMatchObject({ applied: false });
    expect(await report("UNDELIVERED")).toMatchObject({ applied: false });
    expect(await message(id)).toMatchObject({ status: "DELIVERED", errorCode: null });
    expect(await report("READ")).toMatchObject({ applied: true });

    const statusEvents = (await timeline(id)).filter((e) => e.type === "status");
    expect(statusEvents.map((e) => [e.status, e.source, e.detail])).toEqual([
      ["DELIVERED", "webhook", expect.objectContaining({ applied: true, previous: "SENT" })],
      ["SENT", "webhook", expect.objectContaining({ applied: false, ignored: "stale" })],
      ["DELIVERED", "webhook", expect.objectContaining({ applied: false, ignored: "repeat" })],
      ["UNDELIVERED", "webhook", expect.objectContaining({ applied: false, ignored: "stale" })],
      ["READ", "webhook", expect.objectContaining({ applied: true, previous: "DELIVERED" })],
    ]);
    expect(await message(id)).toMatchObject({ status: "READ" });
  });

  it("takes the furthest status when one batch reports several out of order", async () => {
    const { id, providerMessageId, businessAccountId } = await sentMessage();
    const at = new Date();

    const recorded = await recordDeliveryStatuses({
      db: db(),
      source: "webhook",
      reports: (["DELIVERED", "SENT"] as const).map((status) => ({ businessAccountId, providerMessageId, status, at })),
    });

    expect(recorded.map((r) => r.applied)).toEqual([true, false]);
    expect(await message(id)).toMatchObject({ status: "DELIVERED", deliveredAt: at });
  });

  // Found by the chaos suite (timelinesOutOfOrder): events were dated when their request began, so a
  // report that waited for the row behind a later one read before it in the timeline.
  it("dates an applied report after the change it follows, so the timeline reads in the order reports were applied", async () => {
    const { id, providerMessageId, businessAccountId } = await sentMessage();
    const began = new Date();
    const report = (status: "DELIVERED" | "READ", now: Date) => recordDeliveryStatus({ db: db(), businessAccountId, providerMessageId, status, source: "webhook", at: began, now });

    // The DELIVERED callback's request began last but was applied first; READ's began first and waited.
    expect(await report("DELIVERED", new Date(began.getTime() + 5_000))).toMatchObject({ applied: true });
    expect(await report("READ", began)).toMatchObject({ applied: true, previous: "DELIVERED" });

    const applied = await db().messageEvent.findMany({ where: { messageId: id, type: "status" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(applied.map((e) => e.status)).toEqual(["DELIVERED", "READ"]);
    expect(applied[1]!.createdAt.getTime()).toBeGreaterThan(applied[0]!.createdAt.getTime());
  });

  it("reports an unknown provider message id as not found, writing nothing", async () => {
    const { businessAccountId } = await sentMessage();
    const recorded = await recordDeliveryStatus({ db: db(), businessAccountId, providerMessageId: "sbx-d-1-nobody", status: "DELIVERED", source: "webhook", at: new Date() });
    expect(recorded).toEqual({ providerMessageId: "sbx-d-1-nobody", messageId: null, previous: null, applied: false });
  });

  it("matches a report only within the account that sent the message: another account's report of the same id changes nothing", async () => {
    const { id, providerMessageId } = await sentMessage();
    const other = await sentMessage();

    const recorded = await recordDeliveryStatus({ db: db(), businessAccountId: other.businessAccountId, providerMessageId, status: "UNDELIVERED", source: "webhook", at: new Date() });

    expect(recorded).toMatchObject({ messageId: null, applied: false });
    expect(await message(id)).toMatchObject({ status: "SENT", errorCode: null });
  });

  it("never dates a delivery before the send, whatever the provider's clock says, and keeps a price that comes late", async () => {
    const { id, providerMessageId, businessAccountId } = await sentMessage();
    const { sentAt } = await message(id);
    const early = new Date(sentAt!.getTime() - 1);

    await recordDeliveryStatus({ db: db(), businessAccountId, providerMessageId, status: "DELIVERED", source: "webhook", at: early, cost: 0.0079, currency: "USD", segments: 2 });

    const delivered = await message(id);
    expect(delivered.deliveredAt).toEqual(sentAt);
    expect(delivered).toMatchObject({ status: "DELIVERED", currency: "USD", segments: 2 });
    expect(delivered.cost?.toString()).toBe("0.0079");
  });

  it("records an undelivered callback as terminal, with the provider's code", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "EMAIL" }]);
    const [id] = await insertMessages(lab.id, [{ channel: "EMAIL", to: email("undeliverable") }]);

    await dispatch([id!]);

    expect(await message(id!)).toMatchObject({ status: "UNDELIVERED", errorCode: "carrier_rejected" });
  });

  it("poll-statuses moves late deliveries to DELIVERED once the provider knows, with source poll", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS", lateDeliveryMs: 0 }]);
    const [late] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([late!]);
    const stillInFlight = await sentMessage();
    expect(await statusesOf([late!, stillInFlight.id])).toEqual(["SENT", "SENT"]);

    await pollStatuses({ db: db() });

    expect(await statusesOf([late!, stillInFlight.id])).toEqual(["DELIVERED", "SENT"]);
    expect((await timeline(late!)).at(-1)).toMatchObject({ type: "status", status: "DELIVERED", source: "poll" });
    // An unchanged status is not news: no event for the one still in flight.
    expect((await timeline(stillInFlight.id)).some((e) => e.source === "poll")).toBe(false);
  });

  it("the targeted poll looks a message up 1, 2, 4, 8 and 16 minutes after it was sent, not in between", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS", lateDeliveryMs: 0 }]);
    const [late] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([late!]);
    const { sentAt } = await message(late!);
    const at = (minutes: number) => new Date(sentAt!.getTime() + minutes * 60_000);

    // A callback may still come: too early; and at 3 minutes it is between two lookups.
    for (const minutes of [0.5, 3]) {
      await pollStatuses({ db: db(), ages: RECENT_POLL_AGES, now: at(minutes) });
      expect(await statusesOf([late!])).toEqual(["SENT"]);
    }
    await pollStatuses({ db: db(), ages: RECENT_POLL_AGES, now: at(4.5) });
    expect(await statusesOf([late!])).toEqual(["DELIVERED"]);
    expect((await timeline(late!)).at(-1)).toMatchObject({ type: "status", status: "DELIVERED", source: "poll" });
  });

  it("a poll does not ask an account whose breaker is open, and asks once it may probe again", async () => {
    const { lab, accounts } = await makeDeliveryLab([{ channel: "SMS", lateDeliveryMs: 0 }]);
    const [late] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await dispatch([late!]);
    const now = Date.now();
    await db().accountBreaker.create({ data: { businessAccountId: accounts[0]!.id, failures: 5, firstFailureAtMs: now - 5_000, openedAtMs: now - 1_000, openUntilMs: now + 30_000 } });

    const whileOpen = await pollStatuses({ db: db(), now: new Date(now) });
    expect(whileOpen.skipped).toBeGreaterThanOrEqual(1);
    expect(await statusesOf([late!])).toEqual(["SENT"]);

    await pollStatuses({ db: db(), now: new Date(now + 31_000) });
    expect(await statusesOf([late!])).toEqual(["DELIVERED"]);
  });

  describe("a lookup about a message FAILED outcome_unknown", () => {
    /** Messages the sandbox took, left as a call without an answer leaves them: FAILED with `errorCode` (the provider id known). */
    async function failedAs(errorCode: string, addresses: string[], failedAt = new Date()) {
      const { lab } = await makeDeliveryLab([{ channel: "SMS", lateDeliveryMs: 0 }]);
      const ids = await insertMessages(lab.id, addresses.map((to) => ({ to })));
      await dispatch(ids);
      await db().message.updateMany({ where: { id: { in: ids } }, data: { status: "FAILED", errorCode, errorMessage: "no answer", deliveredAt: null, updatedAt: failedAt } });
      return ids;
    }

    it("lifts it to what the provider reports, DELIVERED or UNDELIVERED with its reason, once, with source poll", async () => {
      const [delivered, undelivered] = await failedAs("outcome_unknown", [phone("2222"), phone("4444")]);

      await pollStatuses({ db: db() });

      expect(await message(delivered!)).toMatchObject({ status: "DELIVERED", errorCode: null, errorMessage: null });
      expect(await message(undelivered!)).toMatchObject({ status: "UNDELIVERED", errorCode: "carrier_rejected" });
      for (const [id, status] of [[delivered!, "DELIVERED"], [undelivered!, "UNDELIVERED"]] as const) {
        expect((await timeline(id)).at(-1)).toMatchObject({ type: "status", status, source: "poll", detail: { applied: true, previous: "FAILED", lifted: "outcome_unknown" } });
      }
      // Asked again, the provider says the same: nothing more happens.
      const events = async () => (await timeline(delivered!)).length + (await timeline(undelivered!)).length;
      const before = await events();
      await pollStatuses({ db: db() });
      expect(await events()).toBe(before);
    });

    it("is made by the targeted poll a minute after the failure, and not past the 24-hour window", async () => {
      const now = Date.now();
      const [recent] = await failedAs("outcome_unknown", [phone("2222")], new Date(now - 90_000));
      const [old] = await failedAs("outcome_unknown", [phone("2222")], new Date(now - 25 * 60 * 60_000));

      await pollStatuses({ db: db(), ages: RECENT_POLL_AGES, now: new Date(now) });
      await pollStatuses({ db: db(), now: new Date(now) });

      expect(await statusesOf([recent!, old!])).toEqual(["DELIVERED", "FAILED"]);
    });

    it("leaves a message FAILED for any other reason as it is", async () => {
      const [id] = await failedAs("provider_unavailable", [phone("2222")]);
      await pollStatuses({ db: db() });
      expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "provider_unavailable" });
      // A report about it, from any source, changes nothing either.
      const { businessAccountId, providerMessageId } = await message(id!);
      expect(await recordDeliveryStatus({ db: db(), businessAccountId: businessAccountId!, providerMessageId: providerMessageId!, status: "DELIVERED", source: "webhook", at: new Date() })).toMatchObject({ applied: false });
      expect((await timeline(id!)).at(-1)).toMatchObject({ detail: { applied: false, ignored: "stale" } });
    });

    it("is made only by a verified report, not by a worker's", async () => {
      const [id] = await failedAs("outcome_unknown", [phone("2222")]);
      const { businessAccountId, providerMessageId } = await message(id!);
      expect(await recordDeliveryStatus({ db: db(), businessAccountId: businessAccountId!, providerMessageId: providerMessageId!, status: "DELIVERED", source: "worker", at: new Date() })).toMatchObject({ applied: false });
      expect(await message(id!)).toMatchObject({ status: "FAILED", errorCode: "outcome_unknown" });
    });
  });

  it("cancels only messages no provider has been handed, and says why the others could not be", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const other = await makeDeliveryLab([{ channel: "SMS" }]);
    const [queued, scheduled, claimed, delivered] = await insertMessages(lab.id, [{}, { status: "SCHEDULED", sendAt: new Date(Date.now() + 60_000) }, {}, {}]);
    const [foreign] = await insertMessages(other.lab.id, [{}]);
    await dispatch([delivered!]);
    await db().message.update({ where: { id: claimed! }, data: { status: "SENDING", claimedBy: "busy-worker", claimedAt: new Date() } });
    const { principal } = await makeApiKey(lab.id);

    const result = await cancelMessages({ db: db(), labId: lab.id, messageIds: [queued!, scheduled!, claimed!, delivered!, foreign!], principal });

    expect(result).toEqual({
      cancelled: [queued, scheduled],
      notCancelled: [
        { messageId: claimed, status: "SENDING" },
        { messageId: delivered, status: "DELIVERED" },
        { messageId: foreign, status: null },
      ],
    });
    expect((await timeline(queued!)).at(-1)).toMatchObject({ type: "cancelled", status: "CANCELLED", source: "api" });
    expect(await dispatch([queued!, scheduled!], { now: new Date(Date.now() + 120_000) })).toMatchObject({ claimed: 0 });
    expect(await statusesOf([foreign!])).toEqual(["QUEUED"]);
  });
});
