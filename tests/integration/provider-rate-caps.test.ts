// Each regional adapter's send rate, against the simulator through Herald's dispatch: the provider's
// documented limit as the account's default pace, and the provider's own rate refusal (429, or
// Meta's 130429) classified as rate_limited and slowing the account for every worker.
import type { Channel } from "@/generated/prisma/enums";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { resetEnv } from "@/server/env";
import { loadAdapter } from "@/server/providers/registry";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { getBusinessAccount } from "@/server/services/business-accounts/get-business-account";
import { PACE_HORIZON_MS } from "@/server/services/delivery/pace-accounts";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import type { TFaultRule } from "../../simulator/faults";
import { dispatch, insertMessages, phone, timeline } from "./delivery-helpers";
import { whatsAppTemplateMessages } from "./regional-helpers";

let harness: TProviderHarness;
const savedHosts = process.env.GENERIC_HTTP_ALLOWED_HOSTS;
beforeAll(async () => {
  harness = await startProviderHarness();
  process.env.GENERIC_HTTP_ALLOWED_HOSTS = "el.cloud.unifonic.com";
  resetEnv();
});
afterEach(() => harness.sim.faults.clear());
afterAll(async () => {
  if (savedHosts === undefined) delete process.env.GENERIC_HTTP_ALLOWED_HOSTS;
  else process.env.GENERIC_HTTP_ALLOWED_HOSTS = savedHosts;
  resetEnv();
  await harness.close();
});

type TCase = {
  provider: string;
  channel: Channel;
  /** The limit the provider documents (PROVIDERS.md), shown as providerRatePerSecond; null where none is published. */
  documented: number | null;
  /** The account's config, and the key the simulator knows it by (for per-account faults). */
  config(): { config: Record<string, unknown>; simAccount: string; simProvider: string; simSecret?: string };
  /** The provider's answer when the account goes past its rate, and the code Herald keeps for it. */
  refusal: Omit<TFaultRule, "provider" | "account">;
  providerCode: string;
  retryAfterMs: number | null;
};

const TOO_MANY = { rateLimit: { rate: 1, retryAfterSeconds: 7 } };

const CASES: TCase[] = [
  {
    provider: "unifonic", channel: "SMS", documented: null,
    config: () => {
      const appSid = `uni${uniq()}`;
      return { config: { appSid, senderId: "HERALDLAB" }, simAccount: appSid, simProvider: "unifonic" };
    },
    refusal: TOO_MANY, providerCode: "429", retryAfterMs: 7_000,
  },
  {
    provider: "meta", channel: "WHATSAPP", documented: 80,
    config: () => {
      const phoneNumberId = `10${Date.now()}${Math.floor(Math.random() * 1000)}`;
      const accessToken = `EAAGm0PX4ZCpsBA${uniq()}`;
      return { config: { phoneNumberId, accessToken, appSecret: "0123456789abcdef0123456789abcdef", verifyToken: "verify-token-0001" }, simAccount: phoneNumberId, simProvider: "meta", simSecret: accessToken };
    },
    // Meta refuses throughput past its limit with Graph code 130429 and no Retry-After.
    refusal: { errors: [{ rate: 1, status: 400, code: "130429", message: "Rate limit hit" }] }, providerCode: "130429", retryAfterMs: null,
  },
  {
    provider: "interakt", channel: "WHATSAPP", documented: 5,
    config: () => {
      const apiKey = Buffer.from(`interakt-${uniq()}`).toString("base64");
      return { config: { apiKey, webhookSecret: `secret-${uniq()}` }, simAccount: apiKey, simProvider: "interakt" };
    },
    refusal: TOO_MANY, providerCode: "429", retryAfterMs: 7_000,
  },
  {
    provider: "bevatel", channel: "WHATSAPP", documented: 10,
    config: () => {
      const apiAccountId = `acct${uniq()}`.slice(0, 40);
      return { config: { apiAccountId, apiAccessToken: `bvt_${uniq()}_${uniq()}`, inboxId: 3 }, simAccount: apiAccountId, simProvider: "bevatel" };
    },
    refusal: TOO_MANY, providerCode: "429", retryAfterMs: 7_000,
  },
  {
    provider: "pinnacle", channel: "SMS", documented: null,
    config: () => {
      const apiKey = `pin_${uniq()}_${uniq()}`;
      return { config: { apiKey, sender: "HRLDLB", dltTemplateIds: { REPORT_READY: "1107161234567890123" } }, simAccount: apiKey, simProvider: "pinnacle" };
    },
    refusal: TOO_MANY, providerCode: "429", retryAfterMs: 7_000,
  },
  {
    provider: "pinnacle", channel: "WHATSAPP", documented: null,
    config: () => {
      const apiKey = `pin_${uniq()}_${uniq()}`;
      return { config: { apiKey, from: "919876543210" }, simAccount: apiKey, simProvider: "pinnacle" };
    },
    refusal: TOO_MANY, providerCode: "429", retryAfterMs: 7_000,
  },
  {
    provider: "generic", channel: "SMS", documented: null,
    config: () => {
      const appSid = `gen${uniq()}`;
      const config = {
        url: "https://el.cloud.unifonic.com/rest/SMS/messages", method: "POST", contentType: "form", authType: "query", authName: "AppSid", authSecret: appSid, from: "HERALD",
        bodyTemplate: "SenderID={{ from }}&Recipient={{ toDigits }}&Body={{ body }}&CorrelationID={{ messageId }}&responseType=JSON",
        messageIdPointer: "/data/MessageID", errorCodePointer: "/errorCode", successErrorCodes: ["ER-00"],
        webhookMessageIdPointer: "/MessageID", webhookStatusPointer: "/DLR",
      };
      // Generic calls to Unifonic's host are answered by the simulator's Unifonic.
      return { config, simAccount: appSid, simProvider: "unifonic" };
    },
    refusal: TOO_MANY, providerCode: "429", retryAfterMs: 7_000,
  },
];

async function accountFor(testCase: TCase, sendRatePerSecond: number | null = null) {
  const { labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const { config, simAccount, simProvider, simSecret } = testCase.config();
  const account = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: testCase.channel, provider: testCase.provider, name: testCase.provider, config, sendRatePerSecond });
  harness.sim.accounts.register({ provider: simProvider, id: simAccount, ...(simSecret && { secret: simSecret }), webhookUrl: account.webhookUrl ?? harness.webhookUrl(testCase.provider, account.id) });
  return { lab, account, simAccount, simProvider };
}

function messagesFor(testCase: TCase, labId: string, count: number): Promise<string[]> {
  const numbers = Array.from({ length: count }, () => phone());
  if (testCase.channel === "WHATSAPP") return whatsAppTemplateMessages(labId, numbers);
  return insertMessages(labId, numbers.map((to) => ({ to })));
}

const pace = (businessAccountId: string) => db().accountPace.findUnique({ where: { businessAccountId } });
const sendsOf = (simProvider: string, simAccount: string) => harness.sim.ledger.query({ provider: simProvider, operation: "send" }).filter((e) => e.account === simAccount);

describe.each(CASES)("$provider $channel", (testCase) => {
  it(`documents ${testCase.documented ?? "no"} requests a second as the account's default rate`, async () => {
    const adapter = await loadAdapter(testCase.provider, testCase.channel);
    expect(adapter?.defaultRatePerSecond ?? null).toBe(testCase.documented);
    const { lab, account } = await accountFor(testCase);
    const view = await getBusinessAccount({ db: db(), labId: lab.id, accountId: account.id });
    expect(view).toMatchObject({ sendRatePerSecond: null, providerRatePerSecond: testCase.documented });
  });

  it(`classifies its rate refusal as rate_limited (${testCase.providerCode}) and slows the account for every worker`, async () => {
    // Providers that publish no limit are paced only once the account is given a rate.
    const { lab, account, simAccount, simProvider } = await accountFor(testCase, testCase.documented === null ? 5 : null);
    harness.sim.faults.add([{ provider: simProvider, account: simAccount, operation: "send", times: 1, ...testCase.refusal }]);
    const [first, second] = await messagesFor(testCase, lab.id, 2);
    const before = Date.now();

    const run = await dispatch([first!]);

    expect(run).toMatchObject({ sent: 0, retrying: 1, failedOver: 0, failed: 0 });
    const retry = (await timeline(first!)).find((e) => e.type === "retry_scheduled");
    expect(retry?.detail).toMatchObject({ code: "rate_limited", providerCode: testCase.providerCode, businessAccountId: account.id });
    if (testCase.retryAfterMs !== null) expect((retry?.detail as { retryInMs: number }).retryInMs).toBe(testCase.retryAfterMs);
    const slowed = await pace(account.id);
    expect(slowed?.factor).toBe(0.5);
    expect(slowed!.nextSlotMs).toBeGreaterThanOrEqual(before + (testCase.retryAfterMs ?? 0));

    if (testCase.retryAfterMs !== null) {
      // Another worker's batch inside the Retry-After calls nothing: its message waits for the account's next slot.
      const calls = sendsOf(simProvider, simAccount).length;
      const next = await dispatch([second!], { workerId: `other-worker-${uniq()}` });
      expect(next).toMatchObject({ sent: 0, retrying: 1 });
      expect(sendsOf(simProvider, simAccount)).toHaveLength(calls);
      expect((await timeline(second!)).at(-1)).toMatchObject({ type: "paced", status: "QUEUED" });
      const due = (await db().message.findUniqueOrThrow({ where: { id: second! } })).nextAttemptAt!.getTime();
      expect(due).toBeGreaterThanOrEqual(Math.floor((before + testCase.retryAfterMs) / PACE_HORIZON_MS) * PACE_HORIZON_MS);
    }
  });
});

describe.each(CASES.filter((c) => c.documented !== null && c.documented <= 10))("$provider at its documented rate", (testCase) => {
  it(`calls at most ${testCase.documented} a second with no rate of the account's own, and queues the rest without spending an attempt`, async () => {
    const rate = testCase.documented!;
    const { lab, simAccount, simProvider } = await accountFor(testCase);
    // Two horizons' worth: one horizon is called, the rest goes back to the queue.
    const ids = await messagesFor(testCase, lab.id, rate * 4);
    const before = Date.now();

    const run = await dispatch(ids);

    const granted = (PACE_HORIZON_MS * rate) / 1000 + 1;
    expect(run).toMatchObject({ claimed: ids.length, sent: granted, retrying: ids.length - granted });
    // No call before its slot: the k-th call of the account at least k intervals after dispatch began.
    const calls = sendsOf(simProvider, simAccount).map((e) => Date.parse(e.at)).sort((a, b) => a - b);
    expect(calls).toHaveLength(granted);
    calls.forEach((at, k) => expect(at, `call ${k}`).toBeGreaterThanOrEqual(before + (k * 1000) / rate - 1));
    const queued = await db().message.findMany({ where: { id: { in: ids }, status: "QUEUED" }, select: { attempts: true } });
    expect(queued).toHaveLength(ids.length - granted);
    expect(queued.every((m) => m.attempts === 0)).toBe(true);
  });
});
