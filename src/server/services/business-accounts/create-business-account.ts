import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertProviderAllowed } from "@/server/services/business-accounts/assert-provider-allowed";
import { requireAdapter, sealAccountConfig } from "@/server/services/business-accounts/account-config";
import { businessAccountRowSelect, toBusinessAccountView } from "@/server/services/business-accounts/business-account-view";
import type { TConfigObject } from "@/server/services/business-accounts/mask-account-config";
import { mergeAccountConfig } from "@/server/services/business-accounts/merge-account-config";

export type TCreateBusinessAccountOptions = {
  db: Db;
  principal: TPrincipal | null;
  /** The lab's own account; null for a platform default. */
  labId: string | null;
  channel: Channel;
  provider: string;
  name: string;
  /** The provider's settings; a secret sent as its mask (`{ set: ... }`) counts as not given. */
  config: TConfigObject;
  priority?: number;
  maxAttempts?: number;
  /** False to set an account up (and test-send it) before it joins the failover chain. */
  active?: boolean;
  /** Resend a message whose outcome a crash made unknown, accepting a rare duplicate over a loss. */
  atLeastOnce?: boolean;
  /** Provider requests a second across all workers; null or unset for the provider's own limit. */
  sendRatePerSecond?: number | null;
};

/** Adds an account with its config validated by the provider's adapter and stored encrypted. */
export async function createBusinessAccount({ db, principal, labId, channel, provider, name, config, priority, maxAttempts, active, atLeastOnce, sendRatePerSecond }: TCreateBusinessAccountOptions) {
  assertProviderAllowed({ provider, labId });
  const adapter = await requireAdapter(provider, channel);
  const stored = mergeAccountConfig({}, config, adapter.secretFields);
  const configEnc = sealAccountConfig(adapter, stored);
  const created = await db.$transaction(async (tx) => {
    const lab = labId ? await tx.lab.findUnique({ where: { id: labId }, select: { id: true, organizationId: true } }) : null;
    if (labId && !lab) throw new AppError("NOT_FOUND", "lab not found", "labId");
    const account = await tx.businessAccount.create({
      data: { labId, channel, provider, name, configEnc, priority, maxAttempts, active, atLeastOnce, sendRatePerSecond },
      select: businessAccountRowSelect,
    });
    await recordAudit(tx, {
      principal,
      labId,
      organizationId: lab?.organizationId ?? null,
      action: "businessAccount.create",
      targetType: "businessAccount",
      targetId: account.id,
      // The config's field names only: its values hold credentials.
      diff: { channel, provider, name, priority: account.priority, maxAttempts: account.maxAttempts, active: account.active, atLeastOnce: account.atLeastOnce, sendRatePerSecond: account.sendRatePerSecond, config: { fields: Object.keys(stored).sort() } },
    });
    return account;
  });
  return toBusinessAccountView(created);
}
