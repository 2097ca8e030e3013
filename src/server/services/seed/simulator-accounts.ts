import type { Db } from "@/server/db";
import { loadAdapter } from "@/server/providers/registry";
import { openAccountConfig } from "@/server/services/business-accounts/account-config";
import { accountWebhookUrl } from "@/server/services/providers/provider-endpoints";
import { openWebhookToken } from "@/server/services/webhooks/webhook-token";

/** An account as the provider simulator knows it (simulator/types.ts TSimAccount). */
export type TSimulatorAccount = { provider: string; id: string; secret?: string; webhookUrl: string; webhookSecret?: string; senders?: string[] };

type TConfig = Record<string, unknown>;
const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * Per provider: the key the simulator knows the account by (what its requests carry), the credential
 * it checks, and what signs the callbacks it makes. Generic vendors are absent: the simulator answers
 * them as the provider whose host they name, by that provider's key.
 */
const SIMULATED: Record<string, (config: TConfig, webhookUrl: string) => TSimulatorAccount> = {
  twilio: (c, webhookUrl) => ({ provider: "twilio", id: String(c.accountSid), secret: text(c.authToken), webhookUrl }),
  resend: (c, webhookUrl) => ({ provider: "resend", id: String(c.apiKey), webhookUrl, webhookSecret: text(c.webhookSecret) }),
  sendgrid: (c, webhookUrl) => ({ provider: "sendgrid", id: String(c.apiKey), webhookUrl }),
  interakt: (c, webhookUrl) => ({ provider: "interakt", id: String(c.apiKey), webhookUrl, webhookSecret: text(c.webhookSecret) }),
  // Meta signs with the app secret; its requests name the phone number id and carry the access token.
  meta: (c, webhookUrl) => ({ provider: "meta", id: String(c.phoneNumberId), secret: text(c.accessToken), webhookUrl, webhookSecret: text(c.appSecret) }),
  // Token-addressed: the URL carries the account's token, the only thing that lets the callbacks in.
  bevatel: (c, webhookUrl) => ({ provider: "bevatel", id: String(c.apiAccountId), secret: text(c.apiAccessToken), webhookUrl }),
  pinnacle: (c, webhookUrl) => ({ provider: "pinnacle", id: String(c.apiKey), webhookUrl }),
  // Unifonic is handed the URL with each message; its SenderID is checked as Unifonic checks it (ER-08).
  unifonic: (c, webhookUrl) => ({ provider: "unifonic", id: String(c.appSid), webhookUrl, ...(text(c.senderId) && { senders: [String(c.senderId)] }) }),
};

/**
 * What the provider simulator must know of Herald's accounts to answer as the provider would: whose
 * token signs Twilio's callbacks, where each account's webhooks go (with its path token for the
 * providers that sign nothing) and with which secret. For the embedded default and the browser tests,
 * which run the simulator beside Herald.
 */
export async function simulatorAccounts(db: Db): Promise<TSimulatorAccount[]> {
  const rows = await db.businessAccount.findMany({
    where: { provider: { in: Object.keys(SIMULATED) } },
    select: { id: true, provider: true, channel: true, configEnc: true, webhookTokenEnc: true },
    orderBy: { createdAt: "asc" },
  });
  const accounts: TSimulatorAccount[] = [];
  for (const row of rows) {
    const adapter = await loadAdapter(row.provider, row.channel);
    if (!adapter) continue;
    let config: TConfig;
    let token: string | null;
    try {
      config = openAccountConfig(adapter, row.configEnc) as TConfig;
      token = openWebhookToken(row.webhookTokenEnc);
    } catch {
      // Sealed under a key this process does not hold (mid re-encryption): the simulator simply does not know it.
      continue;
    }
    accounts.push(SIMULATED[row.provider]!(config, accountWebhookUrl(row.provider, row.id, undefined, token)));
  }
  return accounts;
}
