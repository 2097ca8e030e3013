import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { recordDeliveryStatus } from "@/server/services/delivery/record-delivery-status";
import { retryMessage } from "@/server/services/delivery/retry-message";
import { dispatch, expectAppError, insertMessages, makeDeliveryLab, phone, settle, timeline } from "./delivery-helpers";

const failTemporarily = { outcome: { type: "fail_temporarily" as const, times: 99 } };
const badCredentials = { outcome: { type: "fail_permanently" as const, code: "bad_credentials", scope: "account" as const } };

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });
const eventTypes = async (id: string) => (await timeline(id)).map((e) => e.type);

describe("delivery failures", () => {
  it("retries a temporary failure with backoff, then delivers (sandbox fails the first two sends)", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{ to: phone("1111") }]);
    const start = new Date();

    const runs = await settle([id!], start);

    expect(runs.map((r) => [r.retrying, r.sent])).toEqual([[1, 0], [1, 0], [0, 1]]);
    const [first, second] = runs.map((r) => r.scheduled[0]!);
    // Equal jitter keeps each delay within [base/2, base] * 2^(n-1), base 5 s.
    expect(first!.runAt!.getTime() - start.getTime()).toBeGreaterThanOrEqual(2_500);
    expect(second!.runAt!.getTime() - first!.runAt!.getTime()).toBeGreaterThanOrEqual(5_000);
    expect(await message(id!)).toMatchObject({ status: "DELIVERED", attempts: 3, errorCode: null, nextAttemptAt: null });
    expect(await eventTypes(id!)).toEqual(["queued", "dispatched", "retry_scheduled", "dispatched", "retry_scheduled", "dispatched", "accepted", "status"]);
    const retry = (await timeline(id!)).find((e) => e.type === "retry_scheduled");
    expect(retry?.detail).toMatchObject({ attempt: 1, code: "provider_unavailable" });
    expect(sandboxLedger.callsOf(id!)).toBe(3);
    expect(sandboxLedger.sendsOf(id!)).toHaveLength(1);
  });

  it("does not retry a permanent failure: FAILED with the provider's code after one attempt", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }, { channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{ to: phone("0000") }]);

    const runs = await settle([id!]);

    expect(runs).toHaveLength(1);
    // An invalid number is the recipient's problem: the second account is not tried either.
    expect(await message(id!)).toMatchObject({ status: "FAILED", attempts: 1, errorCode: "invalid_number" });
    expect(await eventTypes(id!)).toEqual(["queued", "dispatched", "failed"]);
    expect(sandboxLedger.callsOf(id!)).toBe(1);
  });

  it("fails over to the lab's next account once the first one's attempts are spent", async () => {
    const { lab, accounts } = await makeDeliveryLab([
      { channel: "SMS", rules: [failTemporarily], maxAttempts: 2, from: "primary" },
      { channel: "SMS", from: "backup" },
    ]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);

    await settle([id!]);

    expect(await message(id!)).toMatchObject({ status: "DELIVERED", businessAccountId: accounts[1]!.id, attempts: 1 });
    expect(await eventTypes(id!)).toEqual(["queued", "dispatched", "retry_scheduled", "dispatched", "failover", "dispatched", "accepted", "status"]);
    const failover = (await timeline(id!)).find((e) => e.type === "failover");
    expect(failover?.detail).toMatchObject({ from: accounts[0]!.id, to: accounts[1]!.id, attempts: 2, code: "provider_unavailable" });
    expect(sandboxLedger.sendsOf(id!).map((s) => s.from)).toEqual(["backup"]);
  });

  it("fails over at once when the account itself is refused (bad credentials)", async () => {
    const { lab, accounts } = await makeDeliveryLab([{ channel: "EMAIL", rules: [badCredentials] }, { channel: "EMAIL" }]);
    const [id] = await insertMessages(lab.id, [{ channel: "EMAIL" }]);

    const runs = await settle([id!]);

    expect(runs.map((r) => r.failedOver)).toEqual([1, 0]);
    expect(await message(id!)).toMatchObject({ status: "DELIVERED", businessAccountId: accounts[1]!.id });
  });

  it("honours a 429's retry-after", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS", rules: [{ outcome: { type: "rate_limit", times: 1, retryAfterMs: 45_000 } }] }]);
    const [id] = await insertMessages(lab.id, [{ to: phone() }]);
    const start = new Date();

    const runs = await settle([id!], start);

    const retry = (await timeline(id!)).find((e) => e.type === "retry_scheduled");
    expect(retry?.detail).toMatchObject({ code: "rate_limited", retryInMs: 45_000 });
    expect(runs[0]!.scheduled[0]!.runAt!.getTime() - start.getTime()).toBeGreaterThanOrEqual(45_000);
    expect(await message(id!)).toMatchObject({ status: "DELIVERED", attempts: 2 });
  });

  it("after every account of the chain, ends FAILED with the last provider's code and message", async () => {
    // The chain ends with the platform defaults; make sure there is one so the test does not depend on file order.
    await ensureSandboxAccounts(db());
    const { lab } = await makeDeliveryLab([
      { channel: "SMS", rules: [failTemporarily], maxAttempts: 1 },
      { channel: "SMS", rules: [badCredentials] },
    ]);
    // The platform sandbox refuses numbers ending 0000 as invalid.
    const [id] = await insertMessages(lab.id, [{ to: phone("0000") }]);

    await settle([id!]);

    const failed = await message(id!);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "invalid_number", errorMessage: expect.stringContaining("invalid_number") });
    const types = await eventTypes(id!);
    expect(types.filter((t) => t === "failover").length).toBeGreaterThanOrEqual(2);
    expect(types.at(-1)).toBe("failed");
  });

  it("retries a failed message on request, from the top of the chain with fresh attempts", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [failed, delivered] = await insertMessages(lab.id, [{ to: phone("0000") }, { to: phone() }]);
    await dispatch([failed!, delivered!]);
    const principal = { kind: "user" as const, userId: "u-1", email: "a@example.test", name: "A", isPlatformAdmin: false };

    const retried = await retryMessage({ db: db(), principal, labId: lab.id, messageId: failed! });

    expect(retried).toMatchObject({ id: failed, status: "QUEUED", attempts: 0 });
    expect((await timeline(failed!)).find((e) => e.type === "retry_requested")).toMatchObject({
      status: "QUEUED",
      source: "user",
      detail: { actorType: "user", actorId: "u-1", previousErrorCode: "invalid_number" },
    });
    const jobs = await db().job.findMany({ where: { name: "dispatch-messages", payload: { path: ["messageIds"], array_contains: [failed!] } } });
    expect(jobs).toHaveLength(1);
    await expectAppError(retryMessage({ db: db(), principal, labId: lab.id, messageId: delivered! }), "PRECONDITION_FAILED", /DELIVERED/);
    const other = await makeDeliveryLab([]);
    await expectAppError(retryMessage({ db: db(), principal, labId: other.lab.id, messageId: failed! }), "NOT_FOUND");
  });

  it("matches a late report to the attempt it belongs to: the previous attempt's delivery does not mark a retried message delivered", async () => {
    const { lab } = await makeDeliveryLab([{ channel: "SMS" }]);
    const [id] = await insertMessages(lab.id, [{ to: phone("4444") }]);
    await dispatch([id!]);
    const first = await message(id!);
    expect(first.status).toBe("UNDELIVERED");
    // Undelivered is terminal; an operator marks it failed to resend (as a FAILED webhook would).
    await db().message.update({ where: { id: id! }, data: { status: "FAILED" } });
    const principal = { kind: "user" as const, userId: "u-1", email: "a@example.test", name: "A", isPlatformAdmin: false };

    await retryMessage({ db: db(), principal, labId: lab.id, messageId: id! });
    const late = await recordDeliveryStatus({
      db: db(),
      businessAccountId: first.businessAccountId!,
      providerMessageId: first.providerMessageId!,
      status: "DELIVERED",
      source: "webhook",
      at: new Date(),
    });

    expect(late).toMatchObject({ messageId: null, applied: false });
    expect(await message(id!)).toMatchObject({ status: "QUEUED", providerMessageId: null, deliveredAt: null });
    expect((await timeline(id!)).find((e) => e.type === "retry_requested")?.detail).toMatchObject({ previousProviderMessageId: first.providerMessageId });
  });
});
