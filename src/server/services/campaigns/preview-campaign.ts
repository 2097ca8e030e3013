import type { Channel } from "@/generated/prisma/enums";
import { sqlOf, type Db } from "@/server/db";
import { configuredCampaign } from "@/server/services/campaigns/campaign-settings-of";
import { decideCampaignRows } from "@/server/services/campaigns/decide-campaign-rows";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import { campaignRowReader } from "@/server/services/campaigns/read-campaign-row";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { loadSendContext } from "@/server/services/notifications/load-send-context";

export type TPreviewCampaignOptions = { db: Db; lab: TLabForSend; campaignId: string; limit: number; now?: Date };

export type TCampaignPreviewChannel = {
  channel: Channel;
  status: "send" | "skip";
  reason: string | null;
  to: string | null;
  language: string | null;
  subject: string | null;
  body: string | null;
  segments: number | null;
};

export type TCampaignPreviewRow = { rowNumber: number; name: string | null; channels: TCampaignPreviewChannel[] };

/**
 * The messages the first valid rows would get, rendered with today's templates and rules, as the
 * patient would read them (the email's text part, the SMS or WhatsApp body).
 */
export async function previewCampaign({ db, lab, campaignId, limit, now = new Date() }: TPreviewCampaignOptions): Promise<TCampaignPreviewRow[]> {
  const campaign = configuredCampaign(await findCampaign(db, { labId: lab.id, campaignId }));
  const sql = sqlOf(db);
  const rows = await sql.$queryRaw<{ rowNumber: number; cells: string[] }[]>`
    SELECT "rowNumber", cells FROM "CampaignRow"
    WHERE "campaignId" = ${campaign.id} AND status IN ('READY', 'SKIPPED', 'ACCEPTED', 'SENDING')
    ORDER BY "rowNumber" LIMIT ${limit}::int`;
  const reader = campaignRowReader({ columns: campaign.columns, mapping: campaign.mapping, country: lab.country });
  const read = rows.map(({ rowNumber, cells }) => ({ rowNumber, ...reader.read(cells) })).filter((row) => row.errors.length === 0);
  const context = await loadSendContext(sql, { labId: lab.id, triggerKeys: [campaign.triggerKey] });
  const decided = await decideCampaignRows(sql, {
    lab,
    triggerKey: campaign.triggerKey,
    channels: campaign.channels,
    language: campaign.language ?? undefined,
    context,
    rows: read,
    columnOf: () => null,
    now,
  });
  return decided.map(({ rowNumber, decisions }, index) => ({
    rowNumber,
    name: read[index]!.recipient.name ?? null,
    channels: decisions.map(({ channel, decision }) =>
      decision.status === "SKIPPED"
        ? { channel, status: "skip", reason: decision.skipReason, to: decision.to ?? null, language: decision.template?.language ?? null, subject: null, body: null, segments: null }
        : {
            channel,
            status: "send",
            reason: decision.scheduledFor,
            to: decision.to,
            language: decision.template.language,
            subject: decision.rendered.subject ?? null,
            body: decision.rendered.body ?? decision.rendered.text ?? null,
            segments: decision.rendered.segments ?? null,
          },
    ),
  }));
}
