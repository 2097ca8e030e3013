import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertProviderAllowed } from "@/server/services/business-accounts/assert-provider-allowed";
import { sealAccountConfig } from "@/server/services/business-accounts/account-config";
import { businessAccountSelect } from "@/server/services/business-accounts/business-account-select";

export type TCreateBusinessAccountOptions = {
  db: Db;
  principal: TPrincipal | null;
  /** The lab's own account; null for a platform default. */
  labId: string | null;
  channel: Channel;
  provider: string;
  name: string;
  config: unknown;
  priority?: number;
  maxAttempts?: number;
};

/** Adds an account with its config validated by the provider's adapter and stored encrypted. */
export async function createBusinessAccount({ db, principal, labId, channel, provider, name, config, priority, maxAttempts }: TCreateBusinessAccountOptions) {
  assertProviderAllowed({ provider, labId });
  const configEnc = await sealAccountConfig(provider, channel, config);
  return db.$transaction(async (tx) => {
    const lab = labId ? await tx.lab.findUnique({ where: { id: labId }, select: { id: true, organizationId: true } }) : null;
    if (labId && !lab) throw new AppError("NOT_FOUND", "lab not found", "labId");
    const account = await tx.businessAccount.create({
      data: { labId, channel, provider, name, configEnc, priority, maxAttempts },
      select: businessAccountSelect,
    });
    await recordAudit(tx, {
      principal,
      labId,
      organizationId: lab?.organizationId ?? null,
      action: "businessAccount.create",
      targetType: "businessAccount",
      targetId: account.id,
      // Never the config: it holds credentials.
      diff: { channel, provider, name, priority: account.priority, maxAttempts: account.maxAttempts },
    });
    return account;
  });
}
