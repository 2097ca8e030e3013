import type { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { diffFields, recordAudit } from "@/server/services/audit/record-audit";
import { assertProviderAllowed } from "@/server/services/business-accounts/assert-provider-allowed";
import { openStoredConfigOrNull, requireAdapter, sealAccountConfig } from "@/server/services/business-accounts/account-config";
import { businessAccountRowSelect, toBusinessAccountView } from "@/server/services/business-accounts/business-account-view";
import type { TConfigObject } from "@/server/services/business-accounts/mask-account-config";
import { changedConfigFields, mergeAccountConfig } from "@/server/services/business-accounts/merge-account-config";
import { forgetWebhookAccounts } from "@/server/services/webhooks/load-webhook-account";

export type TBusinessAccountChanges = {
  name?: string;
  /** Merged with the stored config (mergeAccountConfig), then validated by the provider's adapter and encrypted. */
  config?: TConfigObject;
  priority?: number;
  maxAttempts?: number;
  active?: boolean;
  /** Resend a message whose outcome a crash made unknown, accepting a rare duplicate over a loss. */
  atLeastOnce?: boolean;
  /** Provider requests a second across all workers; null for the provider's own limit. */
  sendRatePerSecond?: number | null;
};

export type TUpdateBusinessAccountOptions = {
  db: Db;
  principal: TPrincipal | null;
  /** The lab whose own account this is; null for a platform default (platform admins only). */
  lab: { id: string; organizationId: string } | null;
  accountId: string;
  changes: TBusinessAccountChanges;
};

/**
 * Changes one of the lab's own accounts, or with `lab` null a platform default (platform defaults are
 * not a lab's to change), audited.
 */
export async function updateBusinessAccount({ db, principal, lab, accountId, changes }: TUpdateBusinessAccountOptions) {
  const labId = lab?.id ?? null;
  let configChanged = false;
  const row = await db.$transaction(async (tx) => {
    const before = await tx.businessAccount.findFirst({
      where: { id: accountId, labId },
      select: businessAccountRowSelect,
    });
    if (!before) throw new AppError("NOT_FOUND", labId ? "business account not found in this lab" : "platform default account not found", "id");
    // Switching a sandbox account off stays possible; keeping it in use does not.
    if (changes.active !== false) assertProviderAllowed({ provider: before.provider, labId, config: changes.config });
    const { config, ...plain } = changes;
    const data: Prisma.BusinessAccountUpdateInput = { ...plain };
    const merged = config === undefined ? null : await mergeConfig(before, config);
    if (merged?.configEnc) data.configEnc = merged.configEnc;

    const { configEnc: _configEnc, ...visibleBefore } = before;
    // Names of the changed config fields only: their values hold credentials.
    const diff = { ...diffFields(visibleBefore, plain), ...(merged?.configEnc && { config: { changed: merged.changed } }) };
    if (Object.keys(diff).length === 0) return before;

    const after = await tx.businessAccount.update({ where: { id: before.id }, data, select: businessAccountRowSelect });
    await recordAudit(tx, {
      principal,
      labId,
      organizationId: lab?.organizationId ?? null,
      action: "businessAccount.update",
      targetType: "businessAccount",
      targetId: before.id,
      diff,
    });
    configChanged = Boolean(merged?.configEnc);
    return after;
  });
  // This process's webhook cache: a changed secret verifies the next callback. Other processes read
  // the account again when its cached secret refuses a signature.
  if (configChanged) forgetWebhookAccounts();
  return toBusinessAccountView(row);
}

/** The changed fields' names and, when there are any, the merged config sealed; validated by the adapter. */
async function mergeConfig(before: { provider: string; channel: Channel; configEnc: string }, given: TConfigObject) {
  const adapter = await requireAdapter(before.provider, before.channel);
  // A config sealed with a key this server no longer has can only be replaced whole, secrets included.
  const stored = openStoredConfigOrNull(before.configEnc) ?? {};
  const merged = mergeAccountConfig(stored, given, adapter.secretFields);
  const changed = changedConfigFields(stored, merged);
  return { changed, configEnc: changed.length > 0 ? sealAccountConfig(adapter, merged) : null };
}
