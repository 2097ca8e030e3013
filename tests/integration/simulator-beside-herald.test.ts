// The simulator the embedded default starts beside Herald: told of every account with a provider it
// speaks (signed and token-addressed alike), and of accounts added or rotated while Herald runs, so
// their callbacks reach the account's current webhook URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { simulatorAccounts } from "@/server/services/seed/simulator-accounts";
import { callerFor, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { eventually, startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { keepHeraldAccountsRegistered, registerHeraldAccounts } from "../../scripts/simulator-beside-herald";
import { dispatch, insertMessages, phone } from "./delivery-helpers";
import { useOwnDatabase } from "./jobs-helpers";
import { whatsAppTemplateMessages } from "./regional-helpers";

// The sync reads every account of the database: other files' accounts would be registered too.
useOwnDatabase("herald_sim_beside");

const message = (id: string) => db().message.findUniqueOrThrow({ where: { id } });

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

async function lab() {
  const { labs } = await makeOrgWithLabs(1);
  return labs[0]!;
}

describe("the accounts the simulator beside Herald is told of", () => {
  it("include Meta with its app secret, and Bevatel, Pinnacle and Unifonic with their token-addressed URLs", async () => {
    const { id: labId } = await lab();
    const create = (channel: "SMS" | "WHATSAPP", provider: string, config: Record<string, unknown>) =>
      createBusinessAccount({ db: db(), principal: null, labId, channel, provider, name: `${provider} ${channel}`, config });
    const phoneNumberId = `10${Date.now()}`;
    const meta = await create("WHATSAPP", "meta", { phoneNumberId, accessToken: "EAAGm0PX4ZCpsBAtokenbeside01", appSecret: "0123456789abcdef0123456789abcdef", verifyToken: "verify-beside-01" });
    const apiAccountId = `acct${uniq()}`.slice(0, 40);
    const bevatel = await create("WHATSAPP", "bevatel", { apiAccountId, apiAccessToken: `bvt_${uniq()}_${uniq()}`, inboxId: 3 });
    const pinKey = `pin_${uniq()}_${uniq()}`;
    const pinnacle = await create("SMS", "pinnacle", { apiKey: pinKey, sender: "HRLDLB", dltTemplateIds: { REPORT_READY: "1107161234567890123" } });
    const appSid = `uni${uniq()}`;
    const unifonic = await create("SMS", "unifonic", { appSid, senderId: "HERALDLAB" });

    const accounts = await simulatorAccounts(db());

    expect(accounts).toEqual(
      expect.arrayContaining([
        { provider: "meta", id: phoneNumberId, secret: "EAAGm0PX4ZCpsBAtokenbeside01", webhookUrl: harness.webhookUrl("meta", meta.id), webhookSecret: "0123456789abcdef0123456789abcdef" },
        expect.objectContaining({ provider: "bevatel", id: apiAccountId, webhookUrl: bevatel.webhookUrl }),
        { provider: "pinnacle", id: pinKey, webhookUrl: pinnacle.webhookUrl },
        { provider: "unifonic", id: appSid, webhookUrl: unifonic.webhookUrl, senders: ["HERALDLAB"] },
      ]),
    );
    for (const tokenAddressed of [bevatel, pinnacle, unifonic]) expect(tokenAddressed.webhookUrl).toMatch(/\/[A-Za-z0-9_-]{43}$/);
  });

  it("pick up a Bevatel account added while Herald runs, whose callbacks then reach Herald; and its rotated URL", async () => {
    const sync = keepHeraldAccountsRegistered(harness.sim, db(), 100);
    try {
      const { id: labId } = await lab();
      const apiAccountId = `acct${uniq()}`.slice(0, 40);
      const account = await createBusinessAccount({
        db: db(), principal: null, labId, channel: "WHATSAPP", provider: "bevatel", name: "Bevatel", config: { apiAccountId, apiAccessToken: `bvt_${uniq()}_${uniq()}`, inboxId: 3 },
      });
      await eventually(async () => harness.sim.accounts.get("bevatel", apiAccountId)?.webhookUrl, (url) => url === account.webhookUrl);
      const [first] = await whatsAppTemplateMessages(labId);
      await dispatch([first!]);
      await eventually(() => message(first!), (m) => m.status === "READ", 30_000);

      const admin = await makeUser({ labId, role: "LAB_ADMIN" });
      const rotated = await callerFor(admin.principal).businessAccounts.rotateWebhookToken({ labId, id: account.id });
      await eventually(async () => harness.sim.accounts.get("bevatel", apiAccountId)?.webhookUrl, (url) => url === rotated.webhookUrl);
      const answeredBefore = harness.answered.length;
      const [second] = await whatsAppTemplateMessages(labId);
      await dispatch([second!]);
      await eventually(() => message(second!), (m) => m.status === "READ", 30_000);
      // Every callback since the rotation went to the new URL and was let in.
      const since = harness.answered.slice(answeredBefore);
      expect(since.length).toBeGreaterThanOrEqual(2);
      expect(since.every((a) => rotated.webhookUrl!.endsWith(a.path) && a.status === 200)).toBe(true);
    } finally {
      await sync.stop();
    }
  });

  it("registers Pinnacle SMS accounts so a DLR reaches the token URL, as the embedded start-up does", async () => {
    const { id: labId } = await lab();
    const apiKey = `pin_${uniq()}_${uniq()}`;
    await createBusinessAccount({ db: db(), principal: null, labId, channel: "SMS", provider: "pinnacle", name: "Pinnacle", config: { apiKey, sender: "HRLDLB", dltTemplateIds: { REPORT_READY: "1107161234567890123" } } });
    expect(await registerHeraldAccounts(harness.sim, db())).toBeGreaterThanOrEqual(1);
    const [id] = await insertMessages(labId, [{ to: phone() }]);
    await dispatch([id!]);
    await eventually(() => message(id!), (m) => m.status === "DELIVERED", 30_000);
  });
});
