import { Prisma } from "@/generated/prisma/client";
import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { newId } from "@/server/db/new-id";
import type { TSendItem, TSendResult } from "@/server/domain/send";
import { AppError } from "@/server/errors";
import type { Logger } from "@/server/logger";
import { configuredCampaign } from "@/server/services/campaigns/campaign-settings-of";
import { cancelCampaignMessages } from "@/server/services/campaigns/cancel-campaign-messages";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import { campaignRowReader } from "@/server/services/campaigns/read-campaign-row";
import { reserveCampaignSlots } from "@/server/services/campaigns/reserve-campaign-slots";
import { sendNotifications } from "@/server/services/notifications/send-notifications";

export type TRunCampaignOptions = { db: Db; labId: string; campaignId: string; logger?: Logger; now?: Date };

/** What a step did, and when the next should run (null: the campaign needs no more steps). */
export type TRunCampaignResult = { accepted: number; rejected: number; nextRunAt: Date | null };

// A step accepts what the pace allows within this long, then hands over to the next step.
const STEP_HORIZON_MS = 1_000;
const MAX_STEP_ROWS = 500;
// A row claimed this long ago by a step that never finished (its worker died) is taken again; its
// messages' idempotency keys make the second attempt return the first one's messages.
const STALE_CLAIM_MS = 60_000;
// How often a campaign whose rows are all accepted looks again for messages still on their way out.
const FINISH_POLL_MS = 2_000;

/**
 * One step of a running campaign: reserve the lab's campaign pace, claim that many rows, send them
 * through the send flow (every rule decided again now; each row's messages keyed
 * `campaign:<id>:<row>`, so a step repeated after a crash returns the same messages and sends
 * nothing twice), record which messages each row made, and say when the next step may run. A
 * scheduled campaign starts at its time; a paused or cancelled one stops here.
 */
export async function runCampaign({ db, labId, campaignId, logger, now = new Date() }: TRunCampaignOptions): Promise<TRunCampaignResult> {
  const sql = sqlOf(db);
  let campaign = configuredCampaign(await findCampaign(db, { labId, campaignId }));
  if (campaign.status === "SCHEDULED") {
    if (campaign.sendAt && campaign.sendAt.getTime() > now.getTime()) return { accepted: 0, rejected: 0, nextRunAt: campaign.sendAt };
    await sql.$executeRaw`UPDATE "Campaign" SET status = 'RUNNING', "startedAt" = ${now}, "updatedAt" = ${now} WHERE id = ${campaignId} AND status = 'SCHEDULED'`;
    campaign = { ...campaign, status: "RUNNING" };
  }
  if (campaign.status !== "RUNNING") return { accepted: 0, rejected: 0, nextRunAt: null };

  // Pace is reserved only when there are rows to take, so a campaign waiting for its last messages holds none of the lab's.
  if (!(await hasClaimableRows(db, campaignId, now))) return { accepted: 0, rejected: 0, nextRunAt: await finishOrWait(db, campaignId, now) };
  const perRow = campaign.channels.length;
  const slots = await reserveCampaignSlots(sql, { labId, messages: MAX_STEP_ROWS * perRow, nowMs: now.getTime(), horizonMs: STEP_HORIZON_MS });
  const wanted = Math.floor(slots.granted / perRow);
  const claimed = wanted === 0 ? [] : await claimRows(db, campaignId, wanted, now);
  if (claimed.length === 0) return { accepted: 0, rejected: 0, nextRunAt: new Date(Math.max(slots.nextFreeMs, now.getTime() + 100)) };

  const lab = await db.lab.findUniqueOrThrow({ where: { id: labId } });
  const reader = campaignRowReader({ columns: campaign.columns, mapping: campaign.mapping, country: lab.country });
  const items: { rowNumber: number; item: TSendItem }[] = [];
  const unreadable: { rowNumber: number; message: string }[] = [];
  for (const { rowNumber, cells } of claimed) {
    const { recipient, variables, errors } = reader.read(cells);
    if (errors.length > 0) unreadable.push({ rowNumber, message: errors.map((e) => e.message).join("; ") });
    else items.push({ rowNumber, item: { trigger: campaign.triggerKey, recipient, variables, channels: campaign.channels, language: (campaign.language ?? undefined) as TSendItem["language"], idempotencyKey: `campaign:${campaignId}:${rowNumber}` } });
  }
  const { sent, refused } = await sendRows(db, lab, items, logger);
  const rejected = [...unreadable, ...refused];

  const links = sent.flatMap(({ rowNumber, result }) => result.channels.map(({ channel, messageId }) => ({ rowNumber, channel, messageId })));
  await sqlTransactionOf(
    db,
    async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "CampaignMessage" ("messageId", "campaignId", "rowNumber", channel)
        SELECT u.id, ${campaignId}, u.row, u.channel::"Channel"
        FROM unnest(${links.map((l) => l.messageId)}::text[], ${links.map((l) => l.rowNumber)}::int[], ${links.map((l) => l.channel)}::text[]) AS u(id, row, channel)
        ON CONFLICT DO NOTHING`;
      await tx.$executeRaw`
        UPDATE "CampaignRow" SET status = 'ACCEPTED', "claimedAt" = NULL
        WHERE "campaignId" = ${campaignId} AND "rowNumber" = ANY(${sent.map((s) => s.rowNumber)}::int[]) AND status = 'SENDING'`;
      await tx.$executeRaw`
        UPDATE "CampaignRow" AS r SET status = 'REJECTED', "claimedAt" = NULL, errors = jsonb_build_array(jsonb_build_object('column', NULL, 'message', u.message))
        FROM unnest(${rejected.map((r) => r.rowNumber)}::int[], ${rejected.map((r) => r.message)}::text[]) AS u(row, message)
        WHERE r."campaignId" = ${campaignId} AND r."rowNumber" = u.row`;
    },
    { statementTimeoutMs: 30_000 },
  );
  // A cancel that came while this step was sending: what it wrote is cancelled too.
  const [after] = await sql.$queryRaw<{ status: string }[]>`SELECT status::text FROM "Campaign" WHERE id = ${campaignId}`;
  if (after?.status === "CANCELLED") await cancelCampaignMessages(db, { labId, campaignId, principal: null });
  return { accepted: sent.length, rejected: rejected.length, nextRunAt: new Date(Math.max(slots.nextFreeMs, now.getTime())) };
}

const CLAIMABLE = (campaignId: string, staleBefore: Date) => Prisma.sql`
  "campaignId" = ${campaignId} AND (status IN ('READY', 'SKIPPED') OR (status = 'SENDING' AND "claimedAt" < ${staleBefore}))`;

async function hasClaimableRows(db: Db, campaignId: string, now: Date): Promise<boolean> {
  const [row] = await sqlOf(db).$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "CampaignRow" WHERE ${CLAIMABLE(campaignId, new Date(now.getTime() - STALE_CLAIM_MS))}) AS any`;
  return row!.any;
}

/** Claims the next rows to send (and rows whose claim went stale), in row order; concurrent steps take disjoint rows. */
async function claimRows(db: Db, campaignId: string, limit: number, now: Date) {
  return sqlOf(db).$queryRaw<{ rowNumber: number; cells: string[] }[]>`
    WITH next AS (
      SELECT "rowNumber" FROM "CampaignRow"
      WHERE ${CLAIMABLE(campaignId, new Date(now.getTime() - STALE_CLAIM_MS))}
      ORDER BY "rowNumber" LIMIT ${limit}::int
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "CampaignRow" AS r SET status = 'SENDING', "claimedAt" = ${now}
    FROM next WHERE r."campaignId" = ${campaignId} AND r."rowNumber" = next."rowNumber"
    RETURNING r."rowNumber", r.cells`;
}

type TLab = Parameters<typeof sendNotifications>[0]["lab"];

/**
 * The rows through the send flow in one call; should the call refuse (a row that validated but no
 * longer does), each row is sent alone so one row's problem rejects that row only.
 */
async function sendRows(db: Db, lab: TLab, items: { rowNumber: number; item: TSendItem }[], logger?: Logger) {
  const sent: { rowNumber: number; result: TSendResult }[] = [];
  const refused: { rowNumber: number; message: string }[] = [];
  if (items.length === 0) return { sent, refused };
  const send = (batch: typeof items) => sendNotifications({ db, lab, requestId: newId(), items: batch.map((b) => b.item), itemPath: (index) => `rows.${batch[index]!.rowNumber}.`, logger });
  try {
    const result = await send(items);
    result.items.forEach((outcome, index) => sent.push({ rowNumber: items[index]!.rowNumber, result: outcome }));
  } catch (error) {
    if (!(error instanceof AppError) || items.length === 1) {
      if (error instanceof AppError) refused.push({ rowNumber: items[0]!.rowNumber, message: error.message });
      else throw error;
      return { sent, refused };
    }
    for (const one of items) {
      const single = await sendRows(db, lab, [one], logger);
      sent.push(...single.sent);
      refused.push(...single.refused);
    }
  }
  return { sent, refused };
}

/**
 * Every row is accepted: the campaign completes once none of its messages is still waiting to go to
 * a provider (delivery reports keep arriving afterwards); until then it looks again shortly.
 */
async function finishOrWait(db: Db, campaignId: string, now: Date): Promise<Date | null> {
  const sql = sqlOf(db);
  const [rows] = await sql.$queryRaw<{ open: number }[]>`
    SELECT count(*)::int AS open FROM "CampaignRow" WHERE "campaignId" = ${campaignId} AND status IN ('READY', 'SKIPPED', 'SENDING', 'PENDING')`;
  if (rows!.open > 0) return new Date(now.getTime() + STEP_HORIZON_MS);
  await sql.$executeRaw`UPDATE "Campaign" SET "acceptedAt" = COALESCE("acceptedAt", ${now}), "updatedAt" = ${now} WHERE id = ${campaignId}`;
  const [waiting] = await sql.$queryRaw<{ open: number }[]>`
    SELECT count(*)::int AS open FROM "CampaignMessage" cm JOIN "Message" m ON m.id = cm."messageId"
    WHERE cm."campaignId" = ${campaignId} AND m.status IN ('SCHEDULED', 'QUEUED', 'SENDING')`;
  if (waiting!.open > 0) return new Date(now.getTime() + FINISH_POLL_MS);
  await sql.$executeRaw`UPDATE "Campaign" SET status = 'COMPLETED', "completedAt" = ${now}, "updatedAt" = ${now} WHERE id = ${campaignId} AND status = 'RUNNING'`;
  return null;
}
