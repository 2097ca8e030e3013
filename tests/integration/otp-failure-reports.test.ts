// What happens to a code the handset will not get, whichever way Herald learns it: a delivery report
// through the provider's signed webhook moves the challenge on at once (not at the SMS deadline); a
// failure whose follow-up was lost is moved on by the minute's sweep; a stalled OTP message goes back
// to the OTP lane; a failed OTP message is not sent again from its erased content.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { dispatchMessages } from "@/server/services/delivery/dispatch-messages";
import { requeueStalledMessages } from "@/server/services/delivery/requeue-stalled-messages";
import { sweepOtpChallenges } from "@/server/services/otp/sweep-otp-challenges";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { uniq } from "../helpers/fixtures";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { email } from "./delivery-helpers";
import { makeOtpLab, otpPhone, receivedCode, runOtpLane, syncOtpCatalogue } from "./otp-helpers";

const AUTH_TOKEN = "fedcba9876543210fedcba9876543210";

let harness: TProviderHarness;

beforeAll(async () => {
  await syncOtpCatalogue();
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

/** Jobs of a lab by name, with the messages each carries. */
async function jobsOf(labId: string, name: string) {
  const jobs = await db().job.findMany({ where: { name, payload: { path: ["labId"], equals: labId } }, select: { status: true, payload: true } });
  return jobs.map((j) => ({ status: j.status, messageIds: (j.payload as { messageIds?: string[] }).messageIds ?? [] }));
}

describe("failure reports", () => {
  it("an UNDELIVERED report through Twilio's signed webhook moves the code to the next channel at once, not at the SMS deadline", async () => {
    const { lab, api } = await makeOtpLab({ accounts: [{ channel: "EMAIL" }] });
    const sid = `AC${uniq().replace(/[^0-9a-f]/g, "").padEnd(32, "c").slice(0, 32)}`;
    const account = await createBusinessAccount({
      db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: "Twilio", config: { accountSid: sid, authToken: AUTH_TOKEN, from: "+14155550100" },
    });
    harness.sim.accounts.register({ provider: "twilio", id: sid, secret: AUTH_TOKEN, webhookUrl: harness.webhookUrl("twilio", account.id) });

    // The simulator accepts numbers ending 4444, then reports them sent and undelivered by callback.
    const started = await api.otp.start({ labId: lab.id, to: otpPhone("4444"), email: email(), channels: ["SMS", "EMAIL"], purpose: "portal_login" });
    expect(started.channel).toBe("SMS");
    await runOtpLane(lab.id);
    const view = await eventually(() => api.otp.get({ labId: lab.id, challengeId: started.challengeId }), (v) => v.channel === "EMAIL", 30_000);

    const sms = await db().message.findFirstOrThrow({ where: { requestId: started.challengeId, channel: "SMS" } });
    expect(sms.status).toBe("UNDELIVERED");
    expect(sms.errorCode).not.toBeNull();
    expect(view.timeline.map((e) => [e.type, e.channel])).toEqual([["started", null], ["sent", "SMS"], ["fallback", "EMAIL"]]);
    expect(view.timeline[2]!.detail).toMatchObject({ from: "SMS", reason: sms.errorCode });
    // The SMS's delivery deadline has not come: the report alone moved it.
    expect(await jobsOf(lab.id, "check-otp-delivery")).toEqual([{ status: "PENDING", messageIds: [] }]);
    expect(harness.answered.some((a) => a.path.endsWith(account.id) && a.status === 200)).toBe(true);

    await runOtpLane(lab.id);
    const code = await receivedCode(started.challengeId, "EMAIL");
    const [twilioSend] = harness.sim.ledger.query({ provider: "twilio", heraldMessageId: sms.id });
    expect(new URLSearchParams(twilioSend!.rawBody).get("Body")).toContain(code);
    expect(await api.otp.check({ labId: lab.id, challengeId: started.challengeId, code })).toMatchObject({ status: "approved" });
  });

  it("a failure whose follow-up was lost is moved on by the minute's sweep", async () => {
    const { lab, api } = await makeOtpLab();
    // The sandbox accepts numbers ending 4444, then reports them UNDELIVERED.
    const started = await api.otp.start({ labId: lab.id, to: otpPhone("4444"), purpose: "portal_login" });
    const [job] = await jobsOf(lab.id, "dispatch-otp");
    // Dispatched without the lane's follow-up, as if the process died right after the provider's report.
    await dispatchMessages({ db: db(), messageIds: job!.messageIds, workerId: `lost-${uniq()}`, schedule: async () => undefined });
    expect((await api.otp.get({ labId: lab.id, challengeId: started.challengeId })).messages.map((m) => [m.channel, m.status])).toEqual([["SMS", "UNDELIVERED"]]);

    const swept = await sweepOtpChallenges({ db: db() });
    expect(swept.movedOn).toBeGreaterThanOrEqual(1);
    const view = await api.otp.get({ labId: lab.id, challengeId: started.challengeId });
    expect(view.channel).toBe("WHATSAPP");
    expect(view.timeline.at(-1)).toMatchObject({ type: "fallback", channel: "WHATSAPP", detail: { from: "SMS", reason: "carrier_rejected" } });
  });
});

describe("the OTP lane", () => {
  it("a stalled OTP message goes back to the OTP lane, never to the bulk queue", async () => {
    const { lab, api } = await makeOtpLab();
    const started = await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    const message = await db().message.findFirstOrThrow({ where: { requestId: started.challengeId } });
    // Its dispatch job was lost, five minutes ago.
    await db().job.deleteMany({ where: { name: "dispatch-otp", payload: { path: ["labId"], equals: lab.id } } });
    await db().message.update({ where: { id: message.id }, data: { updatedAt: new Date(Date.now() - 5 * 60_000) } });

    expect((await requeueStalledMessages({ db: db() })).requeued).toBeGreaterThanOrEqual(1);
    expect((await jobsOf(lab.id, "dispatch-otp")).flatMap((j) => j.messageIds)).toEqual([message.id]);
    expect((await jobsOf(lab.id, "dispatch-messages")).flatMap((j) => j.messageIds)).not.toContain(message.id);
    await runOtpLane(lab.id);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("DELIVERED");
  });

  it("a failed OTP message is not sent again from its message: its content was erased, and a new code needs a new start", async () => {
    const { lab, api } = await makeOtpLab();
    // Refused for good by the sandbox, with no channel left to fall back to.
    const started = await api.otp.start({ labId: lab.id, to: otpPhone("0000"), channels: ["SMS"], purpose: "portal_login" });
    await runOtpLane(lab.id);
    const message = await db().message.findFirstOrThrow({ where: { requestId: started.challengeId } });
    expect(message).toMatchObject({ status: "FAILED", sealedContent: null });
    await expectTRPCError(api.messages.retry({ labId: lab.id, messageId: message.id }), "PRECONDITION_FAILED", /start a new verification/);
    expect((await db().message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("FAILED");
  });
});
