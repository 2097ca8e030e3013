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

// Small enough that a page's rows, recipients and verdicts mostly die in V8's young generation rather
// than being promoted and kept until a full collection: with 5,000-row pages a 100,000-row validation
// grew the heap by 130 MB of such garbage. 250-row pages kept less (about 70 MB) but took 1.5 to 3 s longer
// on a quiet host (twice the statements); 500 holds both the time and the memory target (README).
const PAGE_ROWS = 500;

/**
 * Every row, a page at a time: read through the mapping (problems by column), checked against the
 * rows before it (one message per recipient), and decided as the send flow would today. Each row is
 * marked READY (some channel would go), SKIPPED (every channel skipped, reasons kept) or REJECTED
 * (its errors kept), and the campaign gets the counts.
 *
 * The database and this process work side by side: the next page is read and the last page's
 * verdicts written while this page is decided. Per page there are four statements (read, contacts,
 * suppressions, write), each page's verdicts travel as one JSON document, and a verdict repeated
 * across rows (nearly all of them: "send on SMS") is serialised once.
 */
export async function validateCampaignRows({ db, lab, campaign, context, now }: TValidateCampaignRowsOptions): Promise<TCampaignSummary> {
  const sql = sqlOf(db, { statementTimeoutMs: 60_000 });
  const { mapping } = campaign;
  const reader = campaignRowReader({ columns: campaign.columns, mapping, country: lab.country });
  const columnOf = (field: string) => (field === "variables" ? null : (mapping[field as TRecipientField] ?? null));
  const summary: TCampaignSummary = { rows: 0, ready: 0, skipped: 0, rejected: 0, wouldSend: 0, skipReasons: {}, warnings: warningsOf(campaign, context, lab) };
  const firstRowOf = new Map<string, number>();
  const outcomeJson = new Map<string, string>();
  const readPage = (after: number) =>
    sql.$queryRaw<{ rowNumber: number; cells: string[] }[]>`
      SELECT "rowNumber", cells FROM "CampaignRow" WHERE "campaignId" = ${campaign.id} AND "rowNumber" > ${after}::int ORDER BY "rowNumber" LIMIT ${PAGE_ROWS}::int`;

  let writing: Promise<unknown> = Promise.resolve();
  let next = readPage(0);
  try {
    for (;;) {
      const page = await next;
      if (page.length === 0) break;
      next = readPage(page.at(-1)!.rowNumber);

      const errorsOf: TRowError[][] = [];
      const readable: TCampaignRowInput[] = [];
      const readableIndex: number[] = [];
      for (const [index, { rowNumber, cells }] of page.entries()) {
        const { recipient, variables, errors } = reader.read(cells);
        const key = recipient.externalId ?? recipient.phone ?? recipient.email ?? recipient.whatsapp;
        const earlier = key === undefined ? undefined : firstRowOf.get(key);
        if (earlier !== undefined) errors.push({ column: columnOf(recipient.externalId !== undefined ? "externalId" : recipient.phone ? "phone" : recipient.email ? "email" : "whatsapp"), message: `the same recipient as row ${earlier}` });
        else if (key !== undefined && errors.length === 0) firstRowOf.set(key, rowNumber);
        errorsOf[index] = errors;
        if (errors.length > 0) continue;
        readable.push({ rowNumber, recipient, variables });
        readableIndex.push(index);
      }
      const decided = await decideCampaignRows(sql, { lab, triggerKey: campaign.triggerKey, channels: campaign.channels, language: campaign.language ?? undefined, context, rows: readable, columnOf, now, outcomeOnly: true });
      const outcomeOf: (TRowChannelOutcome[] | undefined)[] = [];
      for (const [i, row] of decided.entries()) {
        const index = readableIndex[i]!;
        errorsOf[index]!.push(...row.errors);
        outcomeOf[index] = row.outcome;
      }

      // [rowNumber, status, errors, outcome] per row: one parameter for the page.
      const verdicts: string[] = [];
      for (const [index, { rowNumber }] of page.entries()) {
        summary.rows += 1;
        const errors = errorsOf[index]!;
        const outcome = outcomeOf[index];
        if (errors.length > 0 || !outcome) {
          summary.rejected += 1;
          verdicts.push(`[${rowNumber},"REJECTED",${JSON.stringify(errors)},null]`);
          continue;
        }
        let sends = false;
        let shape = "";
        for (const { channel, status, reason } of outcome) {
          if (status === "send") {
            sends = true;
            summary.wouldSend += 1;
          } else summary.skipReasons[reason!] = (summary.skipReasons[reason!] ?? 0) + 1;
          shape += `${channel}:${status}:${reason ?? ""};`;
        }
        let json = outcomeJson.get(shape);
        if (json === undefined) outcomeJson.set(shape, (json = JSON.stringify(outcome)));
        summary[sends ? "ready" : "skipped"] += 1;
        verdicts.push(`[${rowNumber},"${sends ? "READY" : "SKIPPED"}",null,${json}]`);
      }
      await writing;
      writing = sql.$executeRaw`
        UPDATE "CampaignRow" AS r SET status = (u.v->>1)::"CampaignRowStatus", errors = NULLIF(u.v->2, 'null'), outcome = NULLIF(u.v->3, 'null'), "claimedAt" = NULL
        FROM jsonb_array_elements(${`[${verdicts.join(",")}]`}::jsonb) AS u(v)
        WHERE r."campaignId" = ${campaign.id} AND r."rowNumber" = (u.v->>0)::int`;
    }
    await writing;
  } finally {
    // Nothing may still be running on the pool when this returns, even after a failure.
    await Promise.allSettled([writing, next]);
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
