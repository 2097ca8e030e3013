import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { checkOtp } from "@/server/services/otp/check-otp";
import { startOtp } from "@/server/services/otp/start-otp";
import { sweepOtpChallenges } from "@/server/services/otp/sweep-otp-challenges";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { callerFor, makeApiKey } from "../helpers/fixtures";
import { email, expectAppError } from "./delivery-helpers";
import { makeOtpLab, otpPhone, receivedCode, runOtpLane, syncOtpCatalogue, wrongCode } from "./otp-helpers";

beforeAll(() => syncOtpCatalogue());

const MINUTE = 60_000;
const challenge = (id: string) => db().otpChallenge.findUniqueOrThrow({ where: { id } });

describe("checks", () => {
  it("ten concurrent wrong guesses: exactly five are evaluated, and the right code then fails", async () => {
    const { lab, api } = await makeOtpLab();
    const { challengeId } = await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    await runOtpLane(lab.id);
    const code = await receivedCode(challengeId);
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.otp.check({ labId: lab.id, challengeId, code: wrongCode(code) })));

    expect(answers.filter((a) => a.status === "pending")).toHaveLength(4);
    expect(answers.filter((a) => a.status === "max_attempts_reached")).toHaveLength(6);
    expect((await challenge(challengeId)).checks).toBe(5);
    expect(await db().otpEvent.count({ where: { challengeId, type: "checked" } })).toBe(5);
    expect(await api.otp.check({ labId: lab.id, challengeId, code })).toMatchObject({ status: "max_attempts_reached" });
  });

  it("concurrent right codes approve once", async () => {
    const { lab, api } = await makeOtpLab();
    const { challengeId } = await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    await runOtpLane(lab.id);
    const code = await receivedCode(challengeId);
    const answers = await Promise.allSettled(Array.from({ length: 6 }, () => api.otp.check({ labId: lab.id, challengeId, code })));
    expect(answers.filter((a) => a.status === "fulfilled" && a.value.status === "approved")).toHaveLength(1);
    expect(answers.filter((a) => a.status === "rejected")).toHaveLength(5);
  });

  it("a code is bound to its purpose: the right digits checked for another purpose do not approve", async () => {
    const { lab, api } = await makeOtpLab();
    const to = otpPhone();
    const login = await api.otp.start({ labId: lab.id, to, purpose: "portal_login" });
    const report = await api.otp.start({ labId: lab.id, to, purpose: "report_access" });
    await runOtpLane(lab.id);
    const loginCode = await receivedCode(login.challengeId);
    expect(await api.otp.check({ labId: lab.id, challengeId: login.challengeId, purpose: "report_access", code: loginCode })).toMatchObject({ status: "pending", attemptsLeft: 4 });
    const other = await api.otp.check({ labId: lab.id, to, purpose: "report_access", code: loginCode });
    expect(other.challengeId).toBe(report.challengeId);
    expect(other.status).toBe(loginCode === (await receivedCode(report.challengeId)) ? "approved" : "pending");
    expect(await api.otp.check({ labId: lab.id, to, purpose: "portal_login", code: loginCode })).toMatchObject({ challengeId: login.challengeId, status: "approved" });
  });

  it("expires: a check after the expiry says expired, and the sweep ends the challenge and erases what it held", async () => {
    const { lab, key } = await makeOtpLab({ settings: { expiryMinutes: 2 } });
    const now = new Date();
    const started = await startOtp({ db: db(), lab, principal: key.principal, input: { to: otpPhone(), purpose: "portal_login" }, now });
    await runOtpLane(lab.id);
    const code = await receivedCode(started.challengeId);
    expect(started.expiresAt.getTime()).toBe(now.getTime() + 2 * MINUTE);
    expect(await checkOtp({ db: db(), lab, ref: { challengeId: started.challengeId }, code, now: new Date(now.getTime() + 2 * MINUTE + 1) })).toMatchObject({ status: "expired" });
    expect(await challenge(started.challengeId)).toMatchObject({ status: "EXPIRED", codeSealed: null, checks: 0 });

    const other = await startOtp({ db: db(), lab, principal: key.principal, input: { to: otpPhone(), purpose: "portal_login" }, now });
    await sweepOtpChallenges({ db: db(), now: new Date(now.getTime() + 3 * MINUTE) });
    expect(await challenge(other.challengeId)).toMatchObject({ status: "EXPIRED", codeSealed: null });
    expect(await db().message.count({ where: { requestId: other.challengeId, sealedContent: { not: null } } })).toBe(0);
  });

  it("canceled: the code stops working and the message not yet sent is cancelled", async () => {
    const { lab, api } = await makeOtpLab();
    const { challengeId } = await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    expect(await api.otp.cancel({ labId: lab.id, challengeId })).toMatchObject({ status: "canceled", attemptsLeft: 0 });
    const message = await db().message.findFirstOrThrow({ where: { requestId: challengeId } });
    expect(message).toMatchObject({ status: "CANCELLED", sealedContent: null });
    expect(await api.otp.check({ labId: lab.id, challengeId, code: "123456" })).toMatchObject({ status: "canceled" });
  });
});

describe("resends", () => {
  it("a start while pending resends the same code after the cooldown, never before, and at most five sends in all", async () => {
    const { lab, key } = await makeOtpLab({ settings: { resendCooldownSeconds: 30, expiryMinutes: 30 } });
    const to = otpPhone();
    const t0 = Date.now();
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const start = (seconds: number) => startOtp({ db: db(), lab, principal: key.principal, input: { to, purpose: "portal_login" }, now: at(seconds) });
    const first = await start(0);
    expect(first.resendAvailableAt!.getTime()).toBe(t0 + 30_000);
    await runOtpLane(lab.id);
    const code = await receivedCode(first.challengeId);

    await expectAppError(start(10), "TOO_MANY_REQUESTS", /resend_cooldown/);
    const again = await start(31);
    expect(again).toMatchObject({ challengeId: first.challengeId, resent: true, sendsLeft: 3 });
    await runOtpLane(lab.id);
    expect(await receivedCode(first.challengeId)).toBe(code);
    const messages = await db().message.findMany({ where: { requestId: first.challengeId }, select: { id: true } });
    expect(messages).toHaveLength(2);

    await start(62);
    await start(93);
    await start(124);
    const capped = await start(155).catch((e: unknown) => e);
    expect(capped).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    expect((capped as Error).message).toMatch(/send_cap/);
    expect((await challenge(first.challengeId)).sends).toBe(5);
  });
});

describe("rate limits, held in PostgreSQL", () => {
  it("per recipient: five starts in ten minutes, twenty a day, then TOO_MANY_REQUESTS with retryAfter", async () => {
    const { lab, key } = await makeOtpLab();
    // An email: twenty codes to one number in an hour would also be a spike on its prefix (below).
    const to = email();
    // The start of a UTC day, so the fixed windows are known.
    const day = Date.UTC(2026, 0, 5);
    const start = (at: number, n: number) => startOtp({ db: db(), lab, principal: key.principal, input: { to, purpose: `purpose_${at}_${n}` }, now: new Date(day + at) });
    for (let n = 0; n < 5; n++) await start(0, n);
    const refused = (await start(MINUTE, 5).catch((e: unknown) => e)) as { code: string; message: string; retryAfter: number };
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfter: 9 * 60 });
    expect(refused.message).toMatch(/recipient_10m/);
    for (let window = 1; window < 4; window++) for (let n = 0; n < 5; n++) await start(window * 10 * MINUTE, n);
    const daily = (await start(40 * MINUTE, 0).catch((e: unknown) => e)) as { code: string; message: string; retryAfter: number };
    expect(daily).toMatchObject({ code: "TOO_MANY_REQUESTS", retryAfter: 24 * 3600 - 40 * 60 });
    expect(daily.message).toMatch(/recipient_day/);
    expect(await db().otpBlock.count({ where: { labId: lab.id, kind: "rate_limit" } })).toBe(2);
    // A refused start counts against nothing: twenty challenges, no more.
    expect(await db().otpChallenge.count({ where: { labId: lab.id } })).toBe(20);
  });

  it("per API key or user, and per lab, as the lab set them", async () => {
    const { lab, api, admin } = await makeOtpLab({ settings: { startsPerCallerPerMinute: 2, startsPerLabPerHour: 3 } });
    await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    const perCaller = await expectTRPCError(api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" }), "TOO_MANY_REQUESTS", /caller_minute/);
    expect(perCaller.cause).toMatchObject({ retryAfter: expect.any(Number) });
    const other = callerFor((await makeApiKey(lab.id)).principal);
    await other.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    await expectTRPCError(other.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" }), "TOO_MANY_REQUESTS", /lab_hour/);
    await expectTRPCError(callerFor(admin.principal).otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" }), "TOO_MANY_REQUESTS", /lab_hour/);
    const rules = await db().otpBlock.findMany({ where: { labId: lab.id }, select: { rule: true }, orderBy: { createdAt: "asc" } });
    expect(rules.map((r) => r.rule)).toEqual(["caller_minute", "lab_hour", "lab_hour"]);
  });
});

describe("fraud guard", () => {
  it("refuses a number outside the lab's countries, unless the lab allows it", async () => {
    const { lab, api, admin } = await makeOtpLab();
    await expectTRPCError(api.otp.start({ labId: lab.id, to: "+447400123456", purpose: "portal_login" }), "BAD_REQUEST", /to: a number in GB, which this lab does not send codes to \(it serves SA\)/);
    expect(await db().otpBlock.findFirst({ where: { labId: lab.id } })).toMatchObject({ kind: "country", rule: "country_not_served", country: "GB", prefix: "+44740" });
    await callerFor(admin.principal).otp.updateSettings({ labId: lab.id, countries: ["SA", "GB"] });
    expect(await api.otp.start({ labId: lab.id, to: "+447400123456", purpose: "portal_login" })).toMatchObject({ status: "pending" });
    await callerFor(admin.principal).otp.updateSettings({ labId: lab.id, countries: ["SA"], allowOtherCountries: true });
    expect(await api.otp.start({ labId: lab.id, to: "+12024561111", purpose: "portal_login" })).toMatchObject({ status: "pending" });
  });

  it("blocks a prefix whose volume spikes, falling back to email, and records the block", async () => {
    const { lab, api } = await makeOtpLab();
    const prefix = "+966507";
    const number = (i: number) => `${prefix}${String(100000 + i).slice(0, 6)}`;
    for (let i = 0; i < 19; i++) await api.otp.start({ labId: lab.id, to: number(i), purpose: "portal_login" });
    const spiked = await api.otp.start({ labId: lab.id, to: number(19), email: email(), purpose: "portal_login" });
    expect(spiked).toMatchObject({ channel: "EMAIL", status: "pending" });
    await expectTRPCError(api.otp.start({ labId: lab.id, to: number(20), channels: ["SMS", "WHATSAPP"], purpose: "portal_login" }), "TOO_MANY_REQUESTS", /prefix_spike/);

    const [block] = await db().otpPrefixBlock.findMany({ where: { labId: lab.id } });
    expect(block).toMatchObject({ prefix, country: "SA", volume: 20, baseline: 0 });
    expect(block!.until.getTime()).toBeGreaterThan(Date.now() + 59 * MINUTE);
    const stats = await api.otp.stats({ labId: lab.id });
    expect(stats.activePrefixBlocks).toHaveLength(1);
    expect(stats.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "prefix", prefix, country: "SA" })]));
    const timeline = (await api.otp.get({ labId: lab.id, challengeId: spiked.challengeId })).timeline.map((e) => [e.type, e.channel]);
    expect(timeline).toEqual([["started", null], ["blocked", "SMS"], ["blocked", "WHATSAPP"], ["sent", "EMAIL"]]);
  });
});

describe("channel fallback", () => {
  it("a permanent failure moves the same code from SMS to WhatsApp to email", async () => {
    const { lab, api } = await makeOtpLab();
    // The sandbox refuses numbers ending 0000 for good, on SMS and WhatsApp alike.
    const started = await api.otp.start({ labId: lab.id, to: otpPhone("0000"), email: email(), purpose: "portal_login" });
    expect(started.channel).toBe("SMS");
    await runOtpLane(lab.id);
    const view = await api.otp.get({ labId: lab.id, challengeId: started.challengeId });
    expect(view.channel).toBe("EMAIL");
    expect(view.timeline.map((e) => [e.type, e.channel])).toEqual([["started", null], ["sent", "SMS"], ["fallback", "WHATSAPP"], ["fallback", "EMAIL"]]);
    expect(view.timeline[2]!.detail).toMatchObject({ from: "SMS", reason: "invalid_number" });
    expect(view.messages.map((m) => [m.channel, m.status])).toEqual([["SMS", "FAILED"], ["WHATSAPP", "FAILED"], ["EMAIL", "DELIVERED"]]);
    const code = await receivedCode(started.challengeId, "EMAIL");
    expect(await api.otp.check({ labId: lab.id, challengeId: started.challengeId, code })).toMatchObject({ status: "approved" });
    expect((await api.otp.stats({ labId: lab.id })).totals).toMatchObject({ starts: 1, approved: 1, conversionRate: 1, fallbacks: 2 });
  });

  it("an SMS with no delivery report by its deadline moves on to WhatsApp", async () => {
    const { lab, api } = await makeOtpLab();
    // The sandbox reports numbers ending 2222 delivered only when asked later.
    const started = await api.otp.start({ labId: lab.id, to: otpPhone("2222"), purpose: "portal_login" });
    await runOtpLane(lab.id);
    expect((await api.otp.get({ labId: lab.id, challengeId: started.challengeId })).messages.map((m) => m.status)).toEqual(["SENT"]);
    await runOtpLane(lab.id, { deadlines: true });
    const view = await api.otp.get({ labId: lab.id, challengeId: started.challengeId });
    expect(view.timeline.at(-1)).toMatchObject({ type: "fallback", channel: "WHATSAPP", detail: { from: "SMS", reason: "no_delivery_report" } });
    expect(await receivedCode(started.challengeId, "WHATSAPP")).toBe(await receivedCode(started.challengeId, "SMS"));
  });

  it("a channel the patient withdrew consent from is passed over at the start", async () => {
    const { lab, api } = await makeOtpLab();
    const to = otpPhone();
    const contact = await api.contacts.upsert({ labId: lab.id, externalId: `p-${to}`, phone: to, email: email() });
    await api.contacts.updateConsent({ labId: lab.id, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop" });
    const started = await api.otp.start({ labId: lab.id, to, purpose: "portal_login" });
    expect(started.channel).toBe("WHATSAPP");
    const view = await api.otp.get({ labId: lab.id, challengeId: started.challengeId });
    expect(view.timeline.map((e) => [e.type, e.channel])).toEqual([["started", null], ["skipped", "SMS"], ["sent", "WHATSAPP"]]);
  });
});
