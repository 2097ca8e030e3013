import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createLogger } from "@/server/logger";
import { requireAdapter, sealAccountConfig } from "@/server/services/business-accounts/account-config";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { updateBusinessAccount } from "@/server/services/business-accounts/update-business-account";
import { handleProviderWebhook } from "@/server/services/webhooks/handle-provider-webhook";
import { twilioCallback } from "../../bench/webhook-callbacks";
import { makeOrgWithLabs } from "../helpers/fixtures";
import { insertMessages } from "./delivery-helpers";

const ORIGIN = "https://herald.example";
const silent = createLogger({ write: () => true } as unknown as NodeJS.WritableStream);

/** A lab's Twilio account with one SMS SENT through it. */
async function twilioAccount() {
  const { organization, labs } = await makeOrgWithLabs(1);
  const lab = { id: labs[0]!.id, organizationId: organization.id };
  const config = { accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: randomBytes(16).toString("hex"), from: "+14155550100" };
  const account = await createBusinessAccount({ db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: "Twilio", config });
  const [id] = await insertMessages(lab.id, [{}]);
  const providerMessageId = `SM${randomBytes(16).toString("hex")}`;
  const row = await db().message.update({ where: { id: id! }, data: { status: "SENT", sentAt: new Date(), providerMessageId, businessAccountId: account.id }, select: { id: true, to: true } });
  return { lab, account, config, message: { id: row.id, to: row.to ?? "", providerMessageId } };
}

type TAccount = Awaited<ReturnType<typeof twilioAccount>>;

/** A "sent" callback for the account's message signed with `authToken`, handled as if it arrived at `now`. */
function callback(a: TAccount, authToken: string, now: Date) {
  const c = twilioCallback(ORIGIN, a.account.id, { ...a.config, authToken }, a.message, "sent");
  return handleProviderWebhook({
    db: db(), logger: silent, provider: "twilio", accountId: a.account.id, now,
    request: { url: `${ORIGIN}${c.path}`, method: "POST", headers: new Headers(c.headers), rawBody: c.body },
  });
}

describe("webhook accounts cached between callbacks", () => {
  it("a secret changed in this process verifies the very next callback, and the old one is refused", async () => {
    const a = await twilioAccount();
    const now = new Date();
    expect((await callback(a, randomBytes(16).toString("hex"), now)).status).toBe(401);
    const newToken = randomBytes(16).toString("hex");
    await updateBusinessAccount({ db: db(), principal: null, lab: a.lab, accountId: a.account.id, changes: { config: { accountSid: a.config.accountSid, from: a.config.from, authToken: newToken } } });

    expect((await callback(a, a.config.authToken, now)).status).toBe(401);
    expect((await callback(a, newToken, now)).status).toBe(200);
  });

  it("a secret changed by another process: the cached account is read again when it refuses a signature, at most once a second", async () => {
    const a = await twilioAccount();
    const start = Date.now();
    // Cached with the first token.
    expect((await callback(a, a.config.authToken, new Date(start))).status).toBe(200);
    const newToken = randomBytes(16).toString("hex");
    const adapter = await requireAdapter("twilio", "SMS");
    // Written past this process's cache, as another server process would.
    await db().businessAccount.update({ where: { id: a.account.id }, data: { configEnc: sealAccountConfig(adapter, { ...a.config, authToken: newToken }) } });

    // Within a second of the last read: the cache is trusted, the new signature refused.
    expect((await callback(a, newToken, new Date(start + 500))).status).toBe(401);
    // Later, a refusal reads the account again, and the new signature passes.
    expect((await callback(a, newToken, new Date(start + 1_500))).status).toBe(200);
    // The old secret no longer verifies: the cache holds the new one.
    expect((await callback(a, a.config.authToken, new Date(start + 1_600))).status).toBe(401);
  });
});
