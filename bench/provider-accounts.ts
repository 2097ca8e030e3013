// A lab's own Twilio (SMS) or Resend (email) account for the benches, with made-up credentials of the
// real shapes: the simulator takes any it is told about, and nothing leaves 127.0.0.1.
import { randomBytes } from "node:crypto";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";

export const REAL_PROVIDERS = ["twilio", "resend"] as const;
export type TRealProvider = (typeof REAL_PROVIDERS)[number];

/** The channel each provider's account sends in the benches. */
export const CHANNEL_OF: Record<TRealProvider, Channel> = { twilio: "SMS", resend: "EMAIL" };

export type TTwilioBenchConfig = { accountSid: string; authToken: string; from: string };
export type TResendBenchConfig = { apiKey: string; from: string; webhookSecret: string };

export type TProviderAccount =
  | { provider: "twilio"; id: string; channel: Channel; config: TTwilioBenchConfig }
  | { provider: "resend"; id: string; channel: Channel; config: TResendBenchConfig };

function configFor(provider: TRealProvider): TTwilioBenchConfig | TResendBenchConfig {
  if (provider === "twilio") return { accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: randomBytes(16).toString("hex"), from: "+14155550100" };
  return { apiKey: `re_${randomBytes(18).toString("base64url")}`, from: "lab@example.com", webhookSecret: `whsec_${randomBytes(24).toString("base64")}` };
}

/** The lab's account at `provider`, first in its chain for that channel (a lab's own come before the platform's). */
export async function createProviderAccount(db: Db, labId: string, provider: TRealProvider): Promise<TProviderAccount> {
  const config = configFor(provider);
  const channel = CHANNEL_OF[provider];
  // The simulator has no rate limit: the account's rate must not cap what the bench measures (Resend's own is 2 requests a second).
  const account = await createBusinessAccount({ db, principal: null, labId, channel, provider, name: `Bench ${provider}`, config, sendRatePerSecond: 10_000 });
  return { provider, id: account.id, channel, config } as TProviderAccount;
}
