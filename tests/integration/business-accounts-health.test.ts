import { beforeAll, describe, expect, it } from "vitest";
import type { MessageStatus } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import { CHANNELS } from "@/server/domain/notifications";
import { loadAdapter, PROVIDER_IDS } from "@/server/providers/registry";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";

type TCaller = ReturnType<typeof callerFor>;

let labId: string;
let otherLabId: string;
let admin: TCaller;
let staff: TCaller;

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(2);
  labId = labs[0]!.id;
  otherLabId = labs[1]!.id;
  admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
});

const HOUR = 60 * 60_000;

async function message(lab: string, accountId: string, status: MessageStatus, agoMs: number, error?: string) {
  await db().message.create({
    data: {
      labId: lab,
      triggerKey: "REPORT_READY",
      channel: "EMAIL",
      category: "transactional",
      status,
      businessAccountId: accountId,
      createdAt: new Date(Date.now() - agoMs),
      ...(error && { errorCode: error, errorMessage: `${error} happened` }),
    },
  });
}

describe("providers", () => {
  it("lists every provider and channel of the registry with its config schema and secret fields, to any member", async () => {
    const options = await staff.businessAccounts.providers({ labId });
    for (const channel of CHANNELS) {
      for (const provider of PROVIDER_IDS) {
        const adapter = await loadAdapter(provider, channel);
        const option = options.find((o) => o.provider === provider && o.channel === channel);
        if (!adapter) {
          expect(option, `${provider} ${channel}`).toBeUndefined();
          continue;
        }
        expect(option!.secretFields).toEqual([...adapter.secretFields]);
        const properties = Object.keys((option!.configSchema as { properties: Record<string, unknown> }).properties);
        for (const secret of adapter.secretFields) expect(properties).toContain(secret);
      }
    }
    const twilioSms = options.find((o) => o.provider === "twilio" && o.channel === "SMS")!;
    expect(twilioSms.configSchema).toMatchObject({ type: "object", required: expect.arrayContaining(["accountSid", "authToken"]) });
    const resend = options.find((o) => o.provider === "resend")!;
    expect(resend.providerRatePerSecond).toBe(2);
  });
});

describe("health", () => {
  it("counts this lab's answered messages of the last 24 hours per account, and finds the latest error of the last 7 days", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Mail", config: {} });
    const quiet = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Spare", config: {} });
    await message(labId, account.id, "DELIVERED", HOUR);
    await message(labId, account.id, "SENT", 2 * HOUR);
    await message(labId, account.id, "FAILED", 3 * HOUR, "invalid_number");
    await message(labId, account.id, "UNDELIVERED", 30 * 60_000, "mailbox_full");
    // Not yet answered, older than the window, or another lab's: none of them count.
    await message(labId, account.id, "QUEUED", HOUR);
    await message(labId, account.id, "FAILED", 30 * HOUR, "old_failure");
    await message(otherLabId, account.id, "FAILED", 10 * 60_000, "other_lab");

    const health = await staff.businessAccounts.health({ labId, channel: "EMAIL" });
    expect(health.find((h) => h.accountId === account.id)).toMatchObject({
      answered: 4,
      failed: 2,
      failureRate: 0.5,
      lastError: { code: "mailbox_full", message: "mailbox_full happened" },
    });
    expect(health.find((h) => h.accountId === quiet.id)).toEqual({
      accountId: quiet.id, answered: 0, failed: 0, failureRate: null, lastError: null,
      breaker: { state: "closed", failures: 0, lastCode: null, openedAt: null, openUntil: null },
    });
    expect(await staff.businessAccounts.health({ labId, channel: "SMS" })).not.toContainEqual(expect.objectContaining({ accountId: account.id }));
  });

  it("shows a platform default's outcomes for this lab's messages alone", async () => {
    const platformAdmin = callerFor((await makeUser({ isPlatformAdmin: true })).principal);
    const shared = await platformAdmin.businessAccounts.platformCreate({ channel: "EMAIL", provider: "sandbox", name: "Shared", config: {}, active: false });
    await message(labId, shared.id, "DELIVERED", HOUR);
    await message(otherLabId, shared.id, "FAILED", HOUR, "elsewhere");
    await message(otherLabId, shared.id, "FAILED", HOUR, "elsewhere");
    const mine = (await admin.businessAccounts.health({ labId })).find((h) => h.accountId === shared.id);
    expect(mine).toMatchObject({ answered: 1, failed: 0, failureRate: 0, lastError: null });
    const theirs = (await platformAdmin.businessAccounts.health({ labId: otherLabId })).find((h) => h.accountId === shared.id);
    expect(theirs).toMatchObject({ answered: 2, failed: 2, failureRate: 1, lastError: { code: "elsewhere" } });
  });
});
