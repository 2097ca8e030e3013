import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { requireAdapter } from "@/server/services/business-accounts/account-config";
import { businessAccountRowSelect, toIssuedBusinessAccountView } from "@/server/services/business-accounts/business-account-view";
import { forgetWebhookAccounts } from "@/server/services/webhooks/load-webhook-account";
import { webhookTokenColumns } from "@/server/services/webhooks/webhook-token";

export type TRotateWebhookTokenOptions = {
  db: Db;
  principal: TPrincipal | null;
  /** The lab whose own account this is; null for a platform default (platform admins only). */
  lab: { id: string; organizationId: string } | null;
  accountId: string;
};

/**
 * Issues a new webhook path token for a token-addressed account (a leaked URL, a staff change) and
 * returns the view with the new URL, the only time it is shown. The old token stops working with the
 * commit: every callback checks the stored hash. Audited, without the token.
 */
export async function rotateWebhookToken({ db, principal, lab, accountId }: TRotateWebhookTokenOptions) {
  const labId = lab?.id ?? null;
  const { row, token } = await db.$transaction(async (tx) => {
    const before = await tx.businessAccount.findFirst({ where: { id: accountId, labId }, select: { id: true, provider: true, channel: true, webhookTokenRotatedAt: true } });
    if (!before) throw new AppError("NOT_FOUND", labId ? "business account not found in this lab" : "platform default account not found", "id");
    const adapter = await requireAdapter(before.provider, before.channel);
    if (adapter.webhookAuth !== "path-token") {
      throw new AppError("BAD_REQUEST", `"${before.provider}" signs its callbacks, so its webhook URL carries no token to rotate`, "id");
    }
    const issued = webhookTokenColumns();
    const after = await tx.businessAccount.update({ where: { id: before.id }, data: issued.data, select: businessAccountRowSelect });
    await recordAudit(tx, {
      principal,
      labId,
      organizationId: lab?.organizationId ?? null,
      action: "businessAccount.rotateWebhookToken",
      targetType: "businessAccount",
      targetId: before.id,
      diff: { webhookToken: { rotatedAt: { from: before.webhookTokenRotatedAt?.toISOString() ?? null, to: issued.data.webhookTokenRotatedAt.toISOString() } } },
    });
    return { row: after, token: issued.token };
  });
  // This process's webhook cache; other processes check the hash on every call anyway.
  forgetWebhookAccounts();
  return toIssuedBusinessAccountView(row, token);
}
