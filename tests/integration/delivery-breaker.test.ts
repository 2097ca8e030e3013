// Each account's circuit breaker, through Herald's dispatch against the provider simulator's fault
// injection: an account every call of which fails is left alone for a cool-down and its messages go
// to the next account of the chain without a call; one probe then decides whether it is used again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { loadAccountChains } from "@/server/services/business-accounts/load-account-chains";
import { BREAKER_COOL_DOWN_MS, BREAKER_FAILURES } from "@/server/services/delivery/account-breaker";
import { callerFor, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { dispatch, insertMessages, phone, timeline } from "./delivery-helpers";

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterEach(() => harness.sim.faults.clear());
afterAll(() => harness.close());

const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
const accountSid = () => `AC${[...uniq().replace(/[^0-9a-f]/g, "")].join("").padEnd(32, "b").slice(0, 32)}`;

/** A lab whose SMS go through `count` Twilio accounts of its own, in that order, each known to the simulator. */
async function twilioChain(count: number, maxAttempts = 4) {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const accounts = [];
  for (let priority = 0; priority < count; priority++) {
    const sid = accountSid();
    const account = await createBusinessAccount({
      db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: `Twilio ${priority}`, priority, maxAttempts,
      config: { accountSid: sid, authToken: AUTH_TOKEN, from: "+14155550100" },
    });
    harness.sim.accounts.register({ provider: "twilio", id: sid, secret: AUTH_TOKEN, webhookUrl: harness.webhookUrl("twilio", account.id) });
    accounts.push({ ...account, sid });
  }
  return { lab, accounts };
}

const down = (sid: string) => harness.sim.faults.add([{ provider: "twilio", account: sid, operation: "send", down: true }]);
const callsTo = (sid: string) => harness.sim.ledger.query({ provider: "twilio", operation: "send" }).filter((e) => e.account === sid).length;
const messagesTo = (labId: string, count: number, suffix?: string) => insertMessages(labId, Array.from({ length: count }, () => ({ to: phone(suffix) })));
const breakerOf = (businessAccountId: string) => db().accountBreaker.findUnique({ where: { businessAccountId } });
const audits = (targetId: string) => db().auditLog.findMany({ where: { targetId, action: { startsWith: "businessAccount.circuit" } }, orderBy: { createdAt: "asc" } });

/** Opens the first account's breaker the way production does: a batch whose every call to it is answered 503. */
async function openFirst(labId: string, sid: string) {
  down(sid);
  const ids = await messagesTo(labId, BREAKER_FAILURES + 1);
  const run = await dispatch(ids);
  return { ids, run };
}

describe("an account whose calls all fail", () => {
  it("opens its breaker: the messages it failed, and new ones, fail over within seconds without another call to it", async () => {
    const { lab, accounts } = await twilioChain(2);
    const [first, backup] = accounts;

    const { ids, run } = await openFirst(lab.id, first!.sid);
    const failedAt = Date.now();

    expect(run).toMatchObject({ retrying: ids.length, sent: 0 });
    expect(await breakerOf(first!.id)).toMatchObject({ failures: ids.length, lastCode: "provider_unavailable", openUntilMs: expect.any(Number) });
    // The retries fall within seconds (the first back-off, at most 5 s), and then go straight to the backup.
    const retryAt = Math.max(...run.scheduled.map((g) => g.runAt!.getTime()));
    expect(retryAt - failedAt).toBeLessThanOrEqual(5_000);
    const callsBefore = callsTo(first!.sid);
    const retried = await dispatch(ids, { now: new Date(retryAt) });
    expect(retried).toMatchObject({ failedOver: ids.length, retrying: 0, sent: 0 });
    const failover = (await timeline(ids[0]!)).find((e) => e.type === "failover");
    expect(failover?.detail).toMatchObject({ from: first!.id, to: backup!.id, code: "circuit_open" });

    // A new message is not even tried on the first account.
    const [fresh] = await messagesTo(lab.id, 1);
    expect(await dispatch([fresh!], { now: new Date(retryAt) })).toMatchObject({ failedOver: 1 });
    expect(callsTo(first!.sid)).toBe(callsBefore);

    // The backup takes them all.
    expect(await dispatch([...ids, fresh!], { now: new Date(retryAt) })).toMatchObject({ sent: ids.length + 1 });
    expect(callsTo(backup!.sid)).toBe(ids.length + 1);
    const sent = await db().message.findMany({ where: { id: { in: [...ids, fresh!] } }, select: { status: true, businessAccountId: true } });
    expect(sent.every((m) => m.businessAccountId === backup!.id && ["SENT", "DELIVERED"].includes(m.status))).toBe(true);
  });

  it("stops calling it within the batch once the failures in a row reach the mark", async () => {
    const { lab, accounts } = await twilioChain(2);
    down(accounts[0]!.sid);
    // More messages than calls in flight at once: those not begun when the breaker opens are not called.
    const ids = await messagesTo(lab.id, 40);

    const run = await dispatch(ids);

    expect(callsTo(accounts[0]!.sid)).toBeLessThan(ids.length);
    expect(run.failedOver).toBeGreaterThan(0);
    expect(run.failedOver + run.retrying).toBe(ids.length);
  });

  it("shows the open breaker in the accounts' health and the lab's audit log", async () => {
    const { lab, accounts } = await twilioChain(2);
    const staff = callerFor((await makeUser({ labId: lab.id, role: "LAB_STAFF" })).principal);
    await openFirst(lab.id, accounts[0]!.sid);

    const health = await staff.businessAccounts.health({ labId: lab.id, channel: "SMS" });

    expect(health.find((h) => h.accountId === accounts[0]!.id)?.breaker).toMatchObject({ state: "open", failures: BREAKER_FAILURES + 1, lastCode: "provider_unavailable" });
    expect(health.find((h) => h.accountId === accounts[1]!.id)?.breaker).toMatchObject({ state: "closed", failures: 0 });
    const [opened, ...rest] = await audits(accounts[0]!.id);
    expect(rest).toHaveLength(0);
    expect(opened).toMatchObject({ actorType: "system", labId: lab.id, action: "businessAccount.circuitOpen", diff: { state: { from: "closed", to: "open" }, code: "provider_unavailable" } });
  });

  it("with no other account left, retries the message once the cool-down is over instead of failing it", async () => {
    const { lab, accounts } = await twilioChain(1);
    await openFirst(lab.id, accounts[0]!.sid);
    const [id] = await messagesTo(lab.id, 1);
    // The platform's defaults follow the lab's own accounts in the chain: this message has already left them.
    const chain = (await loadAccountChains(db(), [{ labId: lab.id, channel: "SMS" }])).chain(lab.id, "SMS");
    for (const other of chain.filter((a) => a.id !== accounts[0]!.id)) {
      await db().messageEvent.create({ data: { messageId: id!, labId: lab.id, type: "failover", status: "QUEUED", source: "worker", detail: { from: other.id, to: accounts[0]!.id } } });
    }
    const now = Date.now();
    const calls = callsTo(accounts[0]!.sid);

    expect(await dispatch([id!], { now: new Date(now) })).toMatchObject({ retrying: 1, failedOver: 0, failed: 0 });

    expect(callsTo(accounts[0]!.sid)).toBe(calls);
    const retry = (await timeline(id!)).at(-1);
    expect(retry).toMatchObject({ type: "retry_scheduled", status: "QUEUED", detail: { code: "circuit_open" } });
    expect((retry!.detail as { retryInMs: number }).retryInMs).toBeGreaterThan(BREAKER_COOL_DOWN_MS / 2);
  });
});

describe("what does not open it", () => {
  it("refusals of the recipient (invalid numbers) and 429s leave the breaker closed", async () => {
    const { lab, accounts } = await twilioChain(2);
    const [first] = accounts;
    const invalid = await messagesTo(lab.id, BREAKER_FAILURES + 2, "0000");

    expect(await dispatch(invalid)).toMatchObject({ failed: invalid.length, failedOver: 0 });
    harness.sim.faults.add([{ provider: "twilio", account: first!.sid, operation: "send", rateLimit: { rate: 1, retryAfterSeconds: 1 } }]);
    const limited = await messagesTo(lab.id, BREAKER_FAILURES + 2);
    expect(await dispatch(limited)).toMatchObject({ retrying: limited.length, failedOver: 0 });
    harness.sim.faults.clear();

    expect((await breakerOf(first!.id))?.openUntilMs ?? null).toBeNull();
    const [next] = await messagesTo(lab.id, 1);
    expect(await dispatch([next!], { now: new Date(Date.now() + 2_000) })).toMatchObject({ sent: 1 });
    expect((await db().message.findUniqueOrThrow({ where: { id: next! } })).businessAccountId).toBe(first!.id);
  });

  it("the sandbox's simulated failures belong to the numbers that ask for them: the shared sandbox account keeps no breaker", async () => {
    await ensureSandboxAccounts(db());
    const { labs } = await makeOrgWithLabs(1);
    const account = (await loadAccountChains(db(), [{ labId: labs[0]!.id, channel: "SMS" }])).chain(labs[0]!.id, "SMS")[0]!;
    // Numbers ending 1111 fail twice with a 503 in the sandbox, then deliver.
    const ids = await messagesTo(labs[0]!.id, BREAKER_FAILURES + 1, "1111");
    const run = await dispatch(ids);
    expect(run).toMatchObject({ retrying: ids.length, failedOver: 0 });
    expect(account.provider).toBe("sandbox");
    expect(await breakerOf(account.id)).toBeNull();
  });

  it("a success between failures starts the count again", async () => {
    const { lab, accounts } = await twilioChain(2);
    const sid = accounts[0]!.sid;
    for (let round = 0; round < 3; round++) {
      harness.sim.faults.add([{ provider: "twilio", account: sid, operation: "send", down: true, times: BREAKER_FAILURES - 1 }]);
      // One at a time, so the failures and the success come in this order.
      for (const id of await messagesTo(lab.id, BREAKER_FAILURES)) await dispatch([id]);
    }
    expect(await breakerOf(accounts[0]!.id)).toMatchObject({ failures: 0, openUntilMs: null });
    expect(await audits(accounts[0]!.id)).toHaveLength(0);
  });
});

describe("after the cool-down", () => {
  it("lets one probe through; its success closes the breaker and the account is used again", async () => {
    const { lab, accounts } = await twilioChain(2);
    const [first, backup] = accounts;
    await openFirst(lab.id, first!.sid);
    harness.sim.faults.clear();
    const later = new Date(Date.now() + BREAKER_COOL_DOWN_MS + 1_000);
    const calls = callsTo(first!.sid);
    const ids = await messagesTo(lab.id, 4);

    const run = await dispatch(ids, { now: later });

    // One call to the first account (the probe); the others went to the backup meanwhile.
    expect(callsTo(first!.sid)).toBe(calls + 1);
    expect(run).toMatchObject({ sent: 1, failedOver: 3 });
    expect(await breakerOf(first!.id)).toMatchObject({ failures: 0, openUntilMs: null, probeUntilMs: null });
    expect((await audits(first!.id)).map((a) => a.action)).toEqual(["businessAccount.circuitOpen", "businessAccount.circuitClose"]);
    const [next] = await messagesTo(lab.id, 1);
    expect(await dispatch([next!], { now: later })).toMatchObject({ sent: 1 });
    expect((await db().message.findUniqueOrThrow({ where: { id: next! } })).businessAccountId).toBe(first!.id);
    // Those that failed over meanwhile stay with the backup.
    expect(await dispatch(ids, { now: later })).toMatchObject({ sent: 3 });
    expect(callsTo(backup!.sid)).toBe(3);
  });

  it("a failed probe opens it for another cool-down", async () => {
    const { lab, accounts } = await twilioChain(2);
    await openFirst(lab.id, accounts[0]!.sid);
    const later = Date.now() + BREAKER_COOL_DOWN_MS + 1_000;
    const calls = callsTo(accounts[0]!.sid);

    const run = await dispatch(await messagesTo(lab.id, 3), { now: new Date(later) });

    expect(callsTo(accounts[0]!.sid)).toBe(calls + 1);
    expect(run).toMatchObject({ retrying: 1, failedOver: 2 });
    const breaker = await breakerOf(accounts[0]!.id);
    expect(breaker!.openUntilMs).toBeGreaterThanOrEqual(later + BREAKER_COOL_DOWN_MS);
    expect(breaker!.probeUntilMs).toBeNull();
    // Still one opening in the audit log: the breaker never closed.
    expect(await audits(accounts[0]!.id)).toHaveLength(1);
  });
});

describe("between labs", () => {
  it("one lab's account going down leaves another lab's accounts alone", async () => {
    const mine = await twilioChain(2);
    const theirs = await twilioChain(2);
    await openFirst(mine.lab.id, mine.accounts[0]!.sid);

    const ids = await messagesTo(theirs.lab.id, 3);
    expect(await dispatch(ids)).toMatchObject({ sent: 3, failedOver: 0 });

    expect(await breakerOf(theirs.accounts[0]!.id)).toBeNull();
    const rows = await db().message.findMany({ where: { id: { in: ids } }, select: { businessAccountId: true } });
    expect(rows.every((r) => r.businessAccountId === theirs.accounts[0]!.id)).toBe(true);
    expect(await audits(mine.accounts[0]!.id)).toEqual([expect.objectContaining({ labId: mine.lab.id })]);
  });
});
