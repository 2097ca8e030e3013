import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { cleanupMessages } from "@/server/services/delivery/cleanup-messages";
import { cancelMessages } from "@/server/services/delivery/cancel-messages";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";
import { rebuildMessageStats } from "@/server/services/stats/rebuild-message-stats";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { localTime, writeMix } from "./stats-helpers";
import { insertMessages, makeDeliveryLab, phone, settle } from "./delivery-helpers";
import { recordDeliveryStatus } from "@/server/services/delivery/record-delivery-status";
import { useOwnDatabase } from "./jobs-helpers";

// Counts every account, trigger or figure in the database: other files' rows would change them.
useOwnDatabase("herald_stats");

// Lab A keeps Riyadh time (UTC+3): its days start at 21:00 UTC the evening before.
const RIYADH = 3;
const DAY0 = "2026-10-05";
const DAY1 = "2026-10-06";
const DAY2 = "2026-10-07";
const range = { from: localTime(`${DAY0}T00:00`, RIYADH), to: localTime("2026-10-08T00:00", RIYADH) };

let labA: string;
let labB: string;
let labC: string;
let organizationId: string;
let queuedId: string;
const accounts = { sms: "", whatsapp: "", email: "" };

beforeAll(async () => {
  const org = await makeOrgWithLabs(2);
  organizationId = org.organization.id;
  [labA, labB] = org.labs.map((l) => l.id) as [string, string];
  labC = (await makeOrgWithLabs(1)).labs[0]!.id;
  await db().lab.updateMany({ where: { id: { in: [labA, labB, labC] } }, data: { timezone: "Asia/Riyadh" } });
  const account = (channel: "SMS" | "WHATSAPP" | "EMAIL", provider: string) =>
    db().businessAccount.create({ data: { labId: labA, channel, provider, name: `${provider} ${channel}`, configEnc: "unused" } }).then((a) => a.id);
  accounts.sms = await account("SMS", "twilio");
  accounts.whatsapp = await account("WHATSAPP", "twilio");
  accounts.email = await account("EMAIL", "resend");
  const sms = { channel: "SMS" as const, accountId: accounts.sms, provider: "twilio" };
  await writeMix(labA, RIYADH, [
    { ...sms, n: 2, status: "DELIVERED", at: `${DAY0}T10:00`, cost: "0.05", currency: "USD", segments: 1, sentAfterMs: 2_000, deliveredAfterMs: 10_000 },
    { ...sms, n: 2, status: "DELIVERED", at: `${DAY0}T10:30`, cost: "0.05", currency: "USD", segments: 2, sentAfterMs: 2_000, deliveredAfterMs: 10_000 },
    { ...sms, n: 2, status: "UNDELIVERED", at: `${DAY0}T11:00`, cost: "0.05", currency: "USD", segments: 1, sentAfterMs: 2_000, errorCode: "30003" },
    { ...sms, status: "FAILED", triggerKey: "OTP", at: `${DAY1}T09:00`, segments: 1, errorCode: "invalid_number" },
    // 23:30 in Riyadh is still DAY1; 01:00 is DAY2, though both are DAY1 in UTC.
    { channel: "EMAIL", accountId: accounts.email, provider: "resend", n: 3, status: "DELIVERED", at: `${DAY1}T23:30`, sentAfterMs: 500, deliveredAfterMs: 1_000 },
    { channel: "WHATSAPP", accountId: accounts.whatsapp, provider: "twilio", n: 2, status: "DELIVERED", at: `${DAY2}T01:00`, cost: "0.2", currency: "SAR", sentAfterMs: 40_000, deliveredAfterMs: 3_000 },
    { channel: "SMS", n: 2, status: "SKIPPED", skipReason: "consent_withdrawn", at: `${DAY2}T08:00`, segments: 1 },
    { channel: "EMAIL", status: "SKIPPED", skipReason: "missing_variable:patientName", at: `${DAY2}T08:00` },
    { channel: "SMS", status: "CANCELLED", at: `${DAY2}T09:00`, segments: 1 },
    // The period before the range.
    { ...sms, status: "DELIVERED", at: "2026-10-04T12:00", cost: "0.05", currency: "USD", segments: 1, sentAfterMs: 1_000, deliveredAfterMs: 1_000 },
  ]);
  queuedId = (await writeMix(labA, RIYADH, [{ channel: "SMS", status: "QUEUED", at: `${DAY2}T09:30`, segments: 1 }]))[0]!;
  await writeMix(labB, RIYADH, [{ channel: "SMS", n: 2, status: "DELIVERED", at: `${DAY0}T12:00`, cost: "0.05", currency: "USD", segments: 1, sentAfterMs: 1_000 }]);
  await writeMix(labC, RIYADH, [{ channel: "SMS", n: 5, status: "FAILED", errorCode: "30003", at: `${DAY0}T12:00` }]);
});

const adminOf = async (labId: string) => callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);

describe("stats.overview for a lab", () => {
  it("counts every figure of the mix exactly, per the lab's own days", async () => {
    const api = callerFor((await makeApiKey(labA)).principal);
    const o = await api.stats.overview({ labId: labA, ...range, granularity: "day" });
    expect(o.totals).toEqual({
      total: 17, sent: 12, delivered: 9, failed: 3, awaitingReceipt: 0, pending: 1, skipped: 3, cancelled: 1, deliveredRate: 0.75, failureRate: 0.25,
      byStatus: { DELIVERED: 9, UNDELIVERED: 2, FAILED: 1, SKIPPED: 3, CANCELLED: 1, QUEUED: 1 },
    });
    expect(o.series.map((b) => [b.bucket, b.total, b.delivered, b.failed])).toEqual([
      [DAY0, 6, 4, 2],
      [DAY1, 4, 3, 1],
      [DAY2, 7, 2, 0],
    ]);
    expect(o.series[2]!.byChannel.WHATSAPP!.delivered).toBe(2);
    expect(o.byChannel.map((c) => [c.channel, c.total, c.delivered, c.failed, c.segments])).toEqual([
      ["SMS", 11, 4, 3, 9],
      ["EMAIL", 4, 3, 0, 0],
      ["WHATSAPP", 2, 2, 0, 0],
    ]);
    expect(o.segments).toEqual({ sms: 9, whatsapp: 0 });
    expect(o.cost).toEqual([
      { currency: "SAR", amount: "0.400000", messages: 2 },
      { currency: "USD", amount: "0.300000", messages: 6 },
    ]);
    expect(o.byTrigger.map((t) => [t.triggerKey, t.total])).toEqual([["REPORT_READY", 16], ["OTP", 1]]);
    expect(o.byProvider.map((p) => [p.provider, p.total, p.delivered, p.failed])).toEqual([["twilio", 9, 6, 3], ["resend", 3, 3, 0]]);
    expect(o.byAccount.map((a) => [a.businessAccountId, a.name, a.channel, a.total])).toEqual([
      [accounts.sms, "twilio SMS", "SMS", 7],
      [accounts.email, "resend EMAIL", "EMAIL", 3],
      [accounts.whatsapp, "twilio WHATSAPP", "WHATSAPP", 2],
    ]);
    expect(o.failureReasons).toEqual([
      { code: "30003", provider: "twilio", channel: "SMS", count: 2 },
      { code: "invalid_number", provider: "twilio", channel: "SMS", count: 1 },
    ]);
    expect(o.skipReasons).toEqual([
      { reason: "consent_withdrawn", count: 2 },
      { reason: "missing_variable:patientName", count: 1 },
    ]);
    // Sent after 0.5 s (3), 2 s (6) and 40 s (2); delivered after 1 s (3), 3 s (2) and 10 s (4): reported as their steps' upper bounds.
    expect(o.latency).toEqual({
      acceptedToSent: { count: 11, p50Ms: 3_000, p95Ms: 60_000, p99Ms: 60_000 },
      sentToDelivered: { count: 9, p50Ms: 5_000, p95Ms: 20_000, p99Ms: 20_000 },
    });
    expect(o.previous.totals).toMatchObject({ total: 1, delivered: 1 });
    expect(o.byLab).toEqual([expect.objectContaining({ labId: labA, total: 17 })]);
    expect(o.freshness.asOf).toBeInstanceOf(Date);
  });

  it("filters by channel, trigger and provider, and series by hour and month", async () => {
    const api = await adminOf(labA);
    const totalOf = async (filters: Record<string, string>) => (await api.stats.overview({ labId: labA, ...range, ...filters })).totals.total;
    expect(await totalOf({ channel: "SMS" })).toBe(11);
    expect(await totalOf({ triggerKey: "OTP" })).toBe(1);
    expect(await totalOf({ provider: "twilio" })).toBe(9);
    expect(await totalOf({ provider: "resend", channel: "SMS" })).toBe(0);
    const hourly = await api.stats.overview({ labId: labA, ...range, granularity: "hour" });
    expect(hourly.series).toHaveLength(72);
    expect(hourly.series.filter((b) => b.total > 0).map((b) => [b.bucket, b.total])).toEqual([
      [`${DAY0}T10`, 4], [`${DAY0}T11`, 2], [`${DAY1}T09`, 1], [`${DAY1}T23`, 3], [`${DAY2}T01`, 2], [`${DAY2}T08`, 3], [`${DAY2}T09`, 2],
    ]);
    const monthly = await api.stats.overview({ labId: labA, from: localTime("2026-09-20T00:00", RIYADH), to: localTime("2026-10-20T00:00", RIYADH), granularity: "month" });
    expect(monthly.series.map((b) => [b.bucket, b.total])).toEqual([["2026-09", 0], ["2026-10", 18]]);
    // A range from mid-day: partial days come from hours, whole days from days.
    const partial = await api.stats.overview({ labId: labA, from: localTime(`${DAY0}T10:30`, RIYADH), to: localTime(`${DAY2}T01:00`, RIYADH) });
    expect(partial.totals.total).toBe(6 + 4);
    expect(partial.range.localFrom).toEqual(new Date(`${DAY0}T10:00:00Z`));
  });

  it("reads whole months from the monthly figures, whole days from the daily ones and the edges by the hour, adding up to the same", async () => {
    const api = await adminOf(labA);
    // Every message of lab A lies between 4 and 7 October; this range holds all of October as a whole
    // month, days of September and November, and hours at both ends.
    const long = { from: localTime("2026-09-14T10:30", RIYADH), to: localTime("2026-11-09T04:00", RIYADH) };
    const short = { from: localTime("2026-10-04T00:00", RIYADH), to: localTime("2026-10-08T00:00", RIYADH) };
    const [wide, narrow] = await Promise.all([api.stats.overview({ labId: labA, ...long }), api.stats.overview({ labId: labA, ...short })]);
    expect(wide.totals.total).toBe(18);
    const figures = (o: typeof wide) => ({
      totals: o.totals, byChannel: o.byChannel, byTrigger: o.byTrigger, byProvider: o.byProvider, byAccount: o.byAccount, cost: o.cost,
      segments: o.segments, latency: o.latency, failureReasons: o.failureReasons, skipReasons: o.skipReasons,
    });
    expect(figures(wide)).toEqual(figures(narrow));
    expect(wide.series).toHaveLength(57);
    expect(wide.series.filter((b) => b.total > 0).map((b) => [b.bucket, b.total, b.byChannel.SMS!.total])).toEqual([
      ["2026-10-04", 1, 1], [DAY0, 6, 6], [DAY1, 4, 1], [DAY2, 7, 4],
    ]);
    const monthly = await api.stats.overview({ labId: labA, ...long, granularity: "month" });
    expect(monthly.series.map((b) => [b.bucket, b.total, b.delivered])).toEqual([["2026-09", 0, 0], ["2026-10", 18, 10], ["2026-11", 0, 0]]);
    expect(figures(monthly)).toEqual(figures(narrow));
    // The period before a range starting 11 November is this one: its totals come from the same figures.
    const after = await api.stats.overview({ labId: labA, from: long.to, to: new Date(2 * long.to.getTime() - long.from.getTime()) });
    expect(after.previous.totals).toEqual(wide.totals);
    const sms = await api.stats.overview({ labId: labA, ...long, channel: "SMS", provider: "twilio" });
    expect([sms.totals.total, sms.previous.totals.total, sms.failureReasons.length]).toEqual([8, 0, 2]);
    const otp = await api.stats.overview({ labId: labA, ...long, triggerKey: "OTP" });
    expect(otp.series.filter((b) => b.total > 0).map((b) => [b.bucket, b.failed])).toEqual([[DAY1, 1]]);
  });

  it("follows messages as they change, and keeps every figure through retention cleanup and a rebuild", async () => {
    const admin = await adminOf(labA);
    const long = { from: localTime("2026-08-31T10:00", RIYADH), to: localTime("2026-11-30T00:00", RIYADH) };
    // Three reads: days and edge hours, whole months by month, and whole months with a daily series.
    const read = async () => ({
      range: { ...(await admin.stats.overview({ labId: labA, ...range })), freshness: null },
      months: { ...(await admin.stats.overview({ labId: labA, ...long, granularity: "month" })), freshness: null },
      days: { ...(await admin.stats.overview({ labId: labA, ...long })), freshness: null },
    });
    await cancelMessages({ db: db(), labId: labA, messageIds: [queuedId], principal: null });
    await rollUpMessageStats({ db: db() });
    const after = await read();
    expect(after.range.totals).toMatchObject({ total: 17, pending: 0, cancelled: 2 });
    expect(after.months.series.find((b) => b.bucket === "2026-10")).toMatchObject({ total: 18, pending: 0, cancelled: 2 });

    await db().lab.update({ where: { id: labA }, data: { retentionDays: 1 } });
    const { redacted } = await cleanupMessages({ db: db(), now: localTime("2026-10-20T00:00", RIYADH) });
    expect(redacted).toBeGreaterThanOrEqual(18);
    expect(await db().message.count({ where: { labId: labA, redactedAt: null } })).toBe(0);
    await rollUpMessageStats({ db: db() });
    expect(await read()).toEqual(after);

    await rebuildMessageStats({ db: db() });
    expect(await read()).toEqual(after);
  });
});

describe("the rollup behind the figures", () => {
  it("follows messages through dispatch and delivery reports, exactly as the messages stand", async () => {
    const { lab, accounts: [account] } = await makeDeliveryLab([{ channel: "SMS" }]);
    const admin = await adminOf(lab.id);
    const ids = await insertMessages(lab.id, [{ to: phone() }, { to: phone() }, { to: phone("0000") }, { to: phone("4444") }, { to: phone("2222") }]);
    await settle(ids);
    const now = Date.now();
    const read = () => admin.stats.overview({ labId: lab.id, from: new Date(now - 86_400_000), to: new Date(now + 86_400_000) });
    const truth = async () => {
      const rows = await db().message.groupBy({ by: ["status"], where: { labId: lab.id }, _count: true });
      return Object.fromEntries(rows.map((r) => [r.status, r._count]));
    };
    await rollUpMessageStats({ db: db() });
    const first = await read();
    expect(first.totals.byStatus).toEqual(await truth());
    expect(first.totals).toMatchObject({ total: 5, failed: 2, awaitingReceipt: 1 });
    expect(first.failureReasons.map((f) => f.code).sort()).toEqual(["carrier_rejected", "invalid_number"]);

    const late = await db().message.findFirstOrThrow({ where: { labId: lab.id, status: "SENT" } });
    await recordDeliveryStatus({ db: db(), source: "poll", businessAccountId: account!.id, providerMessageId: late.providerMessageId!, status: "DELIVERED", at: new Date() });
    await rollUpMessageStats({ db: db() });
    const second = await read();
    expect(second.totals.byStatus).toEqual(await truth());
    expect(second.totals).toMatchObject({ delivered: first.totals.delivered + 1, awaitingReceipt: 0 });
    expect(second.latency.sentToDelivered.count).toBe(first.latency.sentToDelivered.count + 1);
  });

  it("moves a message from failed to delivered when a provider's report lifts its unknown outcome", async () => {
    const { lab, accounts: [account] } = await makeDeliveryLab([{ channel: "SMS" }]);
    const admin = await adminOf(lab.id);
    const [id] = await insertMessages(lab.id, [{ to: phone("2222") }]);
    await settle([id!]);
    // As a call without an answer leaves it (the provider id known here, so the report finds it).
    await db().message.update({ where: { id: id! }, data: { status: "FAILED", errorCode: "outcome_unknown", events: { create: { labId: lab.id, type: "failed", status: "FAILED", source: "worker" } } } });
    const now = Date.now();
    const read = () => admin.stats.overview({ labId: lab.id, from: new Date(now - 86_400_000), to: new Date(now + 86_400_000) });
    await rollUpMessageStats({ db: db() });
    const before = await read();
    expect(before.totals).toMatchObject({ total: 1, failed: 1, delivered: 0 });
    expect(before.failureReasons.map((f) => f.code)).toEqual(["outcome_unknown"]);

    const { providerMessageId } = await db().message.findUniqueOrThrow({ where: { id: id! } });
    await recordDeliveryStatus({ db: db(), source: "webhook", businessAccountId: account!.id, providerMessageId: providerMessageId!, status: "DELIVERED", at: new Date() });
    await rollUpMessageStats({ db: db() });
    const after = await read();
    expect(after.totals).toMatchObject({ total: 1, failed: 0, delivered: 1 });
    expect(after.totals.byStatus).toEqual({ DELIVERED: 1 });
    expect(after.failureReasons).toEqual([]);
  });

  it("lets one run at a time apply changes, and reading again adds nothing", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    await insertMessages(lab.id, [{ to: phone() }, { to: phone() }]);
    const runs = await Promise.all([rollUpMessageStats({ db: db() }), rollUpMessageStats({ db: db() }), rollUpMessageStats({ db: db() })]);
    expect(runs.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    const hours = () => db().messageStatHour.aggregate({ where: { labId: lab.id }, _sum: { count: true } });
    expect((await hours())._sum.count).toBe(2);
    await db().statRollup.update({ where: { id: "messages" }, data: { watermark: new Date(Date.now() - 3_600_000) } });
    expect((await rollUpMessageStats({ db: db() })).changed).toBe(0);
    expect((await hours())._sum.count).toBe(2);
    expect(await db().messageStatDay.aggregate({ where: { labId: lab.id }, _sum: { count: true } })).toEqual({ _sum: { count: 2 } });
  });
});

describe("stats.overview for an organization", () => {
  it("adds up its labs, with a row per lab, and never another organization's", async () => {
    const platformAdmin = callerFor((await makeUser({ isPlatformAdmin: true })).principal);
    const key = callerFor((await makeApiKey(labA, "organization")).principal);
    for (const caller of [platformAdmin, key]) {
      const o = await caller.stats.overview({ organizationId, ...range });
      expect(o.scope.kind).toBe("organization");
      expect(o.totals.total).toBe(17 + 2);
      expect(o.byLab.map((l) => [l.labId, l.total])).toEqual([[labA, 17], [labB, 2]]);
    }
  });

  it("is for organization keys, platform admins and admins of every lab: others are refused", async () => {
    const lone = await makeUser({ labId: labA, role: "LAB_ADMIN" });
    await expectTRPCError(callerFor(lone.principal).stats.overview({ organizationId, ...range }), "FORBIDDEN", /organizationId/);
    await db().membership.create({ data: { userId: lone.user.id, labId: labB, role: "LAB_ADMIN" } });
    expect((await callerFor(lone.principal).stats.overview({ organizationId, ...range })).totals.total).toBe(19);

    const staff = await makeUser({ labId: labA, role: "LAB_STAFF" });
    await db().membership.create({ data: { userId: staff.user.id, labId: labB, role: "LAB_STAFF" } });
    await expectTRPCError(callerFor(staff.principal).stats.overview({ organizationId, ...range }), "FORBIDDEN");
    await expectTRPCError(callerFor((await makeApiKey(labA)).principal).stats.overview({ organizationId, ...range }), "FORBIDDEN");

    const outsider = await adminOf(labC);
    await expectTRPCError(outsider.stats.overview({ organizationId, ...range }), "NOT_FOUND", /organizationId/);
    await expectTRPCError(callerFor((await makeApiKey(labC, "organization")).principal).stats.overview({ organizationId, ...range }), "NOT_FOUND");
    await expectTRPCError(outsider.stats.overview({ labId: labA, ...range }), "NOT_FOUND", /labId/);
    // Six staff accounts, each with a password hash: slow on a busy machine.
  }, 120_000);
});

describe("stats.overview input", () => {
  it("names every bad field and what was expected", async () => {
    const admin = await adminOf(labA);
    await expectTRPCError(admin.stats.overview({ ...range } as never), "BAD_REQUEST", /labId: expected labId or organizationId/);
    await expectTRPCError(admin.stats.overview({ labId: labA, organizationId, ...range }), "BAD_REQUEST", /not both/);
    await expectTRPCError(admin.stats.overview({ labId: labA, from: range.to, to: range.from }), "BAD_REQUEST", /to: expected a time after from/);
    await expectTRPCError(
      admin.stats.overview({ labId: labA, from: new Date("2025-01-01T00:00:00Z"), to: new Date("2026-06-01T00:00:00Z") }),
      "BAD_REQUEST",
      /to: expected a range of at most 366 days/,
    );
    await expectTRPCError(
      admin.stats.overview({ labId: labA, from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-03-01T00:00:00Z"), granularity: "hour" }),
      "BAD_REQUEST",
      /granularity: expected day or month for ranges over 31 days/,
    );
    const many = await expectTRPCError(
      admin.stats.overview({ labId: labA, from: "yesterday", to: "today", granularity: "week", provider: "carrier-pigeon" } as never),
      "BAD_REQUEST",
    );
    for (const field of ["from", "to", "granularity", "provider"]) expect(many.message).toContain(`${field}:`);
  });
});
