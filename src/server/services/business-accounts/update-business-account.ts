import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { diffFields, recordAudit } from "@/server/services/audit/record-audit";
import { assertProviderAllowed } from "@/server/services/business-accounts/assert-provider-allowed";
import { sealAccountConfig } from "@/server/services/business-accounts/account-config";
import { businessAccountSelect } from "@/server/services/business-accounts/business-account-select";

export type TBusinessAccountChanges = {
  name?: string;
  /** Replaces the whole config; it is validated by the provider's adapter and encrypted. */
  config?: unknown;
  priority?: number;
  maxAttempts?: number;
  active?: boolean;
};

export type TUpdateBusinessAccountOptions = {
  db: Db;
  principal: TPrincipal | null;
  lab: { id: string; organizationId: string };
  accountId: string;
  changes: TBusinessAccountChanges;
};

/** Changes one of the lab's own accounts (platform defaults are not the lab's to change), audited. */
export async function updateBusinessAccount({ db, principal, lab, accountId, changes }: TUpdateBusinessAccountOptions) {
  return db.$transaction(async (tx) => {
    const before = await tx.businessAccount.findFirst({
      where: { id: accountId, labId: lab.id },
      select: { ...businessAccountSelect, configEnc: true },
    });
    if (!before) throw new AppError("NOT_FOUND", "business account not found in this lab", "id");
    // Switching a sandbox account off stays possible; keeping it in use does not.
    if (changes.active !== false) assertProviderAllowed({ provider: before.provider, labId: lab.id });
    const { config, ...plain } = changes;
    const data: Prisma.BusinessAccountUpdateInput = { ...plain };
    if (config !== undefined) data.configEnc = await sealAccountConfig(before.provider, before.channel, config);

    const { configEnc: _configEnc, ...visibleBefore } = before;
    const diff = { ...diffFields(visibleBefore, plain), ...(config !== undefined && { config: "replaced" }) };
    if (Object.keys(diff).length === 0) return visibleBefore;

    const after = await tx.businessAccount.update({ where: { id: before.id }, data, select: businessAccountSelect });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "businessAccount.update",
      targetType: "businessAccount",
      targetId: before.id,
      diff,
    });
    return after;
  });
}
