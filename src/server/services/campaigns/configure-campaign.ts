import type { TPrincipal } from "@/server/access/principal";
import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import type { TCampaignSummary } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { recordAuditSql } from "@/server/services/audit/record-audit-sql";
import { checkCampaignSettings, type TCampaignSettings } from "@/server/services/campaigns/check-campaign-settings";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import { validateCampaignRows } from "@/server/services/campaigns/validate-campaign-rows";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { loadSendContext } from "@/server/services/notifications/load-send-context";

export type TConfigureCampaignOptions = {
  db: Db;
  principal: TPrincipal;
  lab: TLabForSend & { organizationId: string };
  campaignId: string;
  settings: TCampaignSettings;
  now?: Date;
};

/**
 * Sets a draft campaign's trigger, channels, language and column mapping, then validates every row
 * against them before anything can be sent (validateCampaignRows). Settings that do not fit the file
 * or the catalogue are refused naming each field, and nothing is saved. Audited (`campaign.configure`).
 */
export async function configureCampaign({ db, principal, lab, campaignId, settings, now = new Date() }: TConfigureCampaignOptions): Promise<TCampaignSummary> {
  const campaign = await findCampaign(db, { labId: lab.id, campaignId });
  if (campaign.status !== "DRAFT") throw new AppError("PRECONDITION_FAILED", `only a draft campaign can be changed; this one is ${campaign.status.toLowerCase()}`, "campaignId");
  const sql = sqlOf(db);
  const [context, trigger] = await Promise.all([
    loadSendContext(sql, { labId: lab.id, triggerKeys: [settings.triggerKey] }),
    db.trigger.findUnique({ where: { key: settings.triggerKey }, select: { variables: true } }),
  ]);
  const [first, ...more] = checkCampaignSettings(campaign.columns, settings, context, trigger?.variables);
  if (first) throw AppError.forFields("BAD_REQUEST", [first, ...more]);

  await sqlTransactionOf(
    db,
    async (tx) => {
      await tx.$executeRaw`
        UPDATE "Campaign" SET "triggerKey" = ${settings.triggerKey}, channels = ${settings.channels}::"Channel"[], language = ${settings.language ?? null},
          mapping = ${JSON.stringify(settings.mapping)}::jsonb, "validatedAt" = NULL, summary = NULL, "updatedAt" = now() AT TIME ZONE 'UTC'
        WHERE id = ${campaignId}`;
      await recordAuditSql(tx, { principal, labId: lab.id, organizationId: lab.organizationId, action: "campaign.configure", targetType: "campaign", targetId: campaignId, diff: { ...settings } });
    },
    { statementTimeoutMs: 10_000 },
  );
  return validateCampaignRows({ db, lab, campaign: { ...campaign, ...settings, language: settings.language ?? null }, context, now });
}
