import type { Channel } from "@/generated/prisma/enums";
import { sqlOf, type Db } from "@/server/db";
import type { TCampaignMapping, TCampaignSummary, TRecipientField, TRowChannelOutcome, TRowError } from "@/server/domain/campaigns";
import { campaignRowReader } from "@/server/services/campaigns/read-campaign-row";
import { decideCampaignRows, type TCampaignRowInput } from "@/server/services/campaigns/decide-campaign-rows";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";

export type TValidateCampaignRowsOptions = {
  db: Db;
  lab: TLabForSend;
  campaign: { id: string; columns: string[]; triggerKey: string; channels: Channel[]; language: string | null; mapping: TCampaignMapping };
  context: TSendContext;
  now: Date;
};

const PAGE_ROWS = 5000;

/**
 * Every row, a page at a time: read through the mapping (problems by column), checked against the
 * rows before it (one message per recipient), and decided as the send flow would today. Each row is
 * marked READY (some channel would go), SKIPPED (every channel skipped, reasons kept) or REJECTED
 * (its errors kept), and the campaign gets the counts.
 */
export async function validateCampaignRows({ db, lab, campaign, context, now }: TValidateCampaignRowsOptions): Promise<TCampaignSummary> {
  const sql = sqlOf(db, { statementTimeoutMs: 60_000 });
  const { mapping } = campaign;
  const reader = campaignRowReader({ columns: campaign.columns, mapping, country: lab.country });
  const columnOf = (field: string) => (field === "variables" ? null : (mapping[field as TRecipientField] ?? null));
  const summary: TCampaignSummary = { rows: 0, ready: 0, skipped: 0, rejected: 0, wouldSend: 0, skipReasons: {}, warnings: warningsOf(campaign, context, lab) };
  const firstRowOf = new Map<string, number>();

  let after = 0;
  for (;;) {
    const page = await sql.$queryRaw<{ rowNumber: number; cells: string[] }[]>`
      SELECT "rowNumber", cells FROM "CampaignRow" WHERE "campaignId" = ${campaign.id} AND "rowNumber" > ${after}::int ORDER BY "rowNumber" LIMIT ${PAGE_ROWS}::int`;
    if (page.length === 0) break;
    after = page.at(-1)!.rowNumber;

    const errorsOf = new Map<number, TRowError[]>();
    const readable: TCampaignRowInput[] = [];
    for (const { rowNumber, cells } of page) {
      const { recipient, variables, errors } = reader.read(cells);
      const key = recipient.externalId ?? recipient.phone ?? recipient.email ?? recipient.whatsapp;
      const earlier = key === undefined ? undefined : firstRowOf.get(key);
      if (earlier !== undefined) errors.push({ column: columnOf(recipient.externalId !== undefined ? "externalId" : recipient.phone ? "phone" : recipient.email ? "email" : "whatsapp"), message: `the same recipient as row ${earlier}` });
      else if (key !== undefined && errors.length === 0) firstRowOf.set(key, rowNumber);
      errorsOf.set(rowNumber, errors);
      if (errors.length === 0) readable.push({ rowNumber, recipient, variables });
    }
    const decided = await decideCampaignRows(sql, { lab, triggerKey: campaign.triggerKey, channels: campaign.channels, language: campaign.language ?? undefined, context, rows: readable, columnOf, now });
    const outcomeOf = new Map<number, TRowChannelOutcome[]>();
    for (const row of decided) {
      errorsOf.get(row.rowNumber)!.push(...row.errors);
      outcomeOf.set(row.rowNumber, row.outcome);
    }

    const statuses: string[] = [];
    for (const { rowNumber } of page) {
      summary.rows += 1;
      const errors = errorsOf.get(rowNumber)!;
      const outcome = outcomeOf.get(rowNumber);
      if (errors.length > 0 || !outcome) {
        summary.rejected += 1;
        statuses.push("REJECTED");
        continue;
      }
      for (const { status, reason } of outcome) {
        if (status === "send") summary.wouldSend += 1;
        else summary.skipReasons[reason!] = (summary.skipReasons[reason!] ?? 0) + 1;
      }
      const sends = outcome.some(({ status }) => status === "send");
      summary[sends ? "ready" : "skipped"] += 1;
      statuses.push(sends ? "READY" : "SKIPPED");
    }
    await sql.$executeRaw`
      UPDATE "CampaignRow" AS r SET status = u.status::"CampaignRowStatus", errors = u.errors::jsonb, outcome = u.outcome::jsonb, "claimedAt" = NULL
      FROM unnest(${page.map((row) => row.rowNumber)}::int[], ${statuses}::text[],
                  ${page.map(({ rowNumber }) => (errorsOf.get(rowNumber)!.length > 0 ? JSON.stringify(errorsOf.get(rowNumber)) : null))}::text[],
                  ${page.map(({ rowNumber }) => (outcomeOf.has(rowNumber) ? JSON.stringify(outcomeOf.get(rowNumber)) : null))}::text[])
        AS u("rowNumber", status, errors, outcome)
      WHERE r."campaignId" = ${campaign.id} AND r."rowNumber" = u."rowNumber"`;
  }
  await sql.$executeRaw`
    UPDATE "Campaign" SET summary = ${JSON.stringify(summary)}::jsonb, "validatedAt" = ${now}, "updatedAt" = now() AT TIME ZONE 'UTC' WHERE id = ${campaign.id}`;
  return summary;
}

/** Settings of the lab that would skip every row, said once rather than found in every row's reasons. */
function warningsOf(campaign: TValidateCampaignRowsOptions["campaign"], context: TSendContext, lab: TLabForSend): string[] {
  const warnings: string[] = [];
  if (lab.hardStop) warnings.push("hard_stop");
  const enabled = context.enabledChannels.get(campaign.triggerKey) ?? new Set<Channel>();
  for (const channel of campaign.channels) if (!enabled.has(channel)) warnings.push(`trigger_disabled:${channel}`);
  return warnings;
}
