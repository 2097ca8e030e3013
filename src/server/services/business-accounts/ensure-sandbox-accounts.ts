import { CHANNELS } from "@/server/domain/notifications";
import type { Db } from "@/server/db";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";

/**
 * Gives every channel without a platform default account a sandbox one, so a fresh embedded install
 * delivers (to the simulator) out of the box. For the seed of non-production installs; idempotent.
 */
export async function ensureSandboxAccounts(db: Db): Promise<{ created: string[] }> {
  const existing = await db.businessAccount.findMany({ where: { labId: null, active: true }, select: { channel: true } });
  const covered = new Set(existing.map((a) => a.channel));
  const created: string[] = [];
  for (const channel of CHANNELS) {
    if (covered.has(channel)) continue;
    const account = await createBusinessAccount({
      db,
      principal: null,
      labId: null,
      channel,
      provider: "sandbox",
      name: `Sandbox ${channel.toLowerCase()} (platform default)`,
      config: { from: "Herald Sandbox" },
      // Last in any chain: a lab's or the platform's real accounts come first.
      priority: 1_000,
    });
    created.push(account.id);
  }
  return { created };
}
