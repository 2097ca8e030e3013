import type { Db } from "@/server/db";
import { loadAdapter } from "@/server/providers/registry";
import { openAccountConfig } from "@/server/services/business-accounts/account-config";
import { accountWebhookUrl } from "@/server/services/providers/provider-endpoints";

/** An account as the provider simulator knows it (simulator/types.ts TSimAccount). */
export type TSimulatorAccount = { provider: string; id: string; secret?: string; webhookUrl: string; webhookSecret?: string };

/**
 * What the provider simulator must know of Herald's accounts to answer as the provider would: whose
 * token signs Twilio's callbacks, where Resend's, SendGrid's and Interakt's account-level webhooks go
 * and with which secret. For the embedded default and the browser tests, which run the simulator beside Herald.
 */
export async function simulatorAccounts(db: Db): Promise<TSimulatorAccount[]> {
  const rows = await db.businessAccount.findMany({
    where: { provider: { in: ["twilio", "resend", "sendgrid", "interakt"] } },
    select: { id: true, provider: true, channel: true, configEnc: true },
  });
  const accounts: TSimulatorAccount[] = [];
  for (const row of rows) {
    const adapter = await loadAdapter(row.provider, row.channel);
    if (!adapter) continue;
    const config = openAccountConfig(adapter, row.configEnc) as Record<string, string | undefined>;
    const webhookUrl = accountWebhookUrl(row.provider, row.id);
    if (row.provider === "twilio") accounts.push({ provider: "twilio", id: config.accountSid!, secret: config.authToken, webhookUrl });
    else if (row.provider === "resend" || row.provider === "interakt") accounts.push({ provider: row.provider, id: config.apiKey!, webhookUrl, webhookSecret: config.webhookSecret });
    else accounts.push({ provider: "sendgrid", id: config.apiKey!, webhookUrl });
  }
  return accounts;
}
