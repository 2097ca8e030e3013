import { createHash } from "node:crypto";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";

/**
 * The demo labs' own provider accounts: Twilio for SMS and WhatsApp, Resend for email, with
 * credentials that only the provider simulator accepts. With them a newcomer's first message goes
 * through the real adapter and SDK and comes back through a signed webhook.
 */
export function demoProviderAccounts(labSlug: string): { channel: Channel; provider: string; name: string; config: Record<string, string> }[] {
  const hex = (label: string) => createHash("sha256").update(`herald-demo:${labSlug}:${label}`).digest("hex").slice(0, 32);
  return [
    { channel: "SMS", provider: "twilio", name: "Twilio SMS (simulated)", config: { accountSid: `AC${hex("sms-sid")}`, authToken: hex("sms-token"), from: "+14155550100" } },
    { channel: "WHATSAPP", provider: "twilio", name: "Twilio WhatsApp (simulated)", config: { accountSid: `AC${hex("wa-sid")}`, authToken: hex("wa-token"), from: "+14155550101" } },
    {
      channel: "EMAIL",
      provider: "resend",
      name: "Resend (simulated)",
      config: {
        apiKey: `re_demo_${hex("resend-key").slice(0, 16)}`,
        from: "Demo Diagnostics <results@demo-diagnostics.example>",
        webhookSecret: `whsec_${Buffer.from(hex("resend-secret"), "hex").toString("base64")}`,
      },
    },
  ];
}

/** Adds the demo provider accounts to a lab, ahead of the platform's sandbox; idempotent by name. */
export async function seedDemoProviderAccounts(db: Db, lab: { id: string; slug: string }): Promise<void> {
  const existing = new Set((await db.businessAccount.findMany({ where: { labId: lab.id }, select: { name: true } })).map((a) => a.name));
  for (const [i, account] of demoProviderAccounts(lab.slug).entries()) {
    if (existing.has(account.name)) continue;
    await createBusinessAccount({ db, principal: null, labId: lab.id, priority: i * 10, ...account });
  }
}
