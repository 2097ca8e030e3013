import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { email } from "./delivery-helpers";
import { makeOtpLab, otpPhone, receivedCode, runOtpLane, syncOtpCatalogue, wrongCode } from "./otp-helpers";

beforeAll(() => syncOtpCatalogue());

describe("otp.start and otp.check through the OTP lane", () => {
  for (const channel of ["SMS", "WHATSAPP", "EMAIL"] as const) {
    it(`approves the code the patient received by ${channel}`, async () => {
      const { lab, api } = await makeOtpLab();
      const to = channel === "EMAIL" ? email() : otpPhone();
      const started = await api.otp.start({ labId: lab.id, to, channels: [channel], purpose: "portal_login" });
      expect(started).toMatchObject({ status: "pending", channel, attemptsLeft: 5, resent: false });
      expect(started.expiresAt.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
      await runOtpLane(lab.id);

      const code = await receivedCode(started.challengeId);
      expect(code).toMatch(/^\d{6}$/);
      expect(await api.otp.check({ labId: lab.id, challengeId: started.challengeId, code })).toEqual({ challengeId: started.challengeId, status: "approved", attemptsLeft: 0 });
      const message = await db().message.findFirstOrThrow({ where: { requestId: started.challengeId, channel } });
      expect(message.status).toBe("DELIVERED");
      expect(message.sealedContent).toBeNull();
    });
  }

  it("a wrong code, then the right one", async () => {
    const { lab, api } = await makeOtpLab();
    const to = otpPhone();
    const { challengeId } = await api.otp.start({ labId: lab.id, to, purpose: "portal_login" });
    await runOtpLane(lab.id);
    const code = await receivedCode(challengeId);
    expect(await api.otp.check({ labId: lab.id, challengeId, code: wrongCode(code) })).toMatchObject({ status: "pending", attemptsLeft: 4 });
    // By recipient and purpose, as a sign-in form that never saw the challenge id would check.
    expect(await api.otp.check({ labId: lab.id, to, purpose: "portal_login", code })).toMatchObject({ status: "approved" });
  });

  it("five wrong codes then the right one: max_attempts_reached", async () => {
    const { lab, api } = await makeOtpLab();
    const { challengeId } = await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    await runOtpLane(lab.id);
    const code = await receivedCode(challengeId);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await api.otp.check({ labId: lab.id, challengeId, code: wrongCode(code) })).status);
    expect(answers).toEqual(["pending", "pending", "pending", "pending", "max_attempts_reached"]);
    expect(await api.otp.check({ labId: lab.id, challengeId, code })).toMatchObject({ status: "max_attempts_reached", attemptsLeft: 0 });
    const challenge = await db().otpChallenge.findUniqueOrThrow({ where: { id: challengeId } });
    expect(challenge).toMatchObject({ status: "MAX_ATTEMPTS_REACHED", checks: 5, codeSealed: null });
  });

  it("a code approves once", async () => {
    const { lab, api } = await makeOtpLab();
    const { challengeId } = await api.otp.start({ labId: lab.id, to: otpPhone(), purpose: "portal_login" });
    await runOtpLane(lab.id);
    const code = await receivedCode(challengeId);
    expect(await api.otp.check({ labId: lab.id, challengeId, code })).toMatchObject({ status: "approved" });
    await expectTRPCError(api.otp.check({ labId: lab.id, challengeId, code }), "NOT_FOUND", /single-use/);
  });
});
