import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure, labSenderProcedure } from "@/server/api/trpc";
import { labInput, ZId, ZPageCursor, ZPageLimit } from "@/server/api/schemas";
import { MAX_APPEND_ROWS, MAX_CAMPAIGN_ROWS, SHOWN_ROW_ERRORS, ZCampaignCells, ZCampaignColumns, ZCampaignName, ZCampaignRate, ZCampaignSettings, ZIdempotencyKey } from "@/server/domain/campaigns";
import { ZSendAt } from "@/server/domain/send";
import { sqlTransactionOf } from "@/server/db";
import { appendCampaignRows } from "@/server/services/campaigns/append-campaign-rows";
import { setCampaignPace } from "@/server/services/campaigns/campaign-pace";
import { cancelCampaign } from "@/server/services/campaigns/cancel-campaign";
import { configureCampaign } from "@/server/services/campaigns/configure-campaign";
import { createCampaign } from "@/server/services/campaigns/create-campaign";
import { getCampaign } from "@/server/services/campaigns/get-campaign";
import { listCampaignErrors } from "@/server/services/campaigns/list-campaign-errors";
import { listCampaigns } from "@/server/services/campaigns/list-campaigns";
import { pauseCampaign } from "@/server/services/campaigns/pause-campaign";
import { previewCampaign } from "@/server/services/campaigns/preview-campaign";
import { resumeCampaign } from "@/server/services/campaigns/resume-campaign";
import { startCampaign } from "@/server/services/campaigns/start-campaign";
import { findCampaign } from "@/server/services/campaigns/find-campaign";

const campaignInput = <T extends z.ZodRawShape>(shape: T) => labInput({ campaignId: ZId, ...shape });

/**
 * Bulk campaigns: rows from a spreadsheet (the upload route) or sent here in chunks, a column mapping
 * validated against every row before anything is sent, then a paced run with pause, resume and cancel.
 * Everyone with access reads; lab admins and the lab's systems (API keys) create, send and control
 * them (internal clients create campaigns as they send notifications); staff read only. The lab's
 * campaign pace is a setting of the lab, for its admins.
 */
export const campaignsRouter = createTRPCRouter({
  list: labProcedure
    .input(labInput({ cursor: ZPageCursor.optional(), limit: ZPageLimit }))
    .query(({ ctx, input }) => listCampaigns({ db: ctx.db, labId: ctx.lab.id, cursor: input.cursor, limit: input.limit })),

  /** The campaign with exact progress counts (rows and messages), for the live view. */
  get: labProcedure.input(campaignInput({})).query(({ ctx, input }) => getCampaign({ db: ctx.db, labId: ctx.lab.id, campaignId: input.campaignId })),

  /** A draft from its header row; rows follow with appendRows. The same key returns the same campaign. */
  create: labSenderProcedure
    .input(labInput({ name: ZCampaignName, columns: ZCampaignColumns, idempotencyKey: ZIdempotencyKey.optional() }))
    .mutation(async ({ ctx, input }) => {
      const { id } = await sqlTransactionOf(ctx.db, (tx) => createCampaign(tx, { principal: ctx.principal, lab: ctx.lab, name: input.name, columns: input.columns, idempotencyKey: input.idempotencyKey }), {
        statementTimeoutMs: 10_000,
      });
      return findCampaign(ctx.db, { labId: ctx.lab.id, campaignId: id });
    }),

  /** Up to 1,000 rows numbered from startRow; a chunk sent again writes nothing twice. */
  appendRows: labSenderProcedure
    .input(
      campaignInput({
        startRow: z.number({ message: "expected a row number" }).int("expected a whole number").min(1, "expected at least 1").max(MAX_CAMPAIGN_ROWS, `expected at most ${MAX_CAMPAIGN_ROWS}`),
        rows: z.array(ZCampaignCells, { message: "expected a list of rows" }).min(1, "expected at least one row").max(MAX_APPEND_ROWS, `expected at most ${MAX_APPEND_ROWS} rows`),
      }),
    )
    .mutation(({ ctx, input }) => appendCampaignRows({ db: ctx.db, labId: ctx.lab.id, campaignId: input.campaignId, startRow: input.startRow, rows: input.rows })),

  /** Sets trigger, channels, language and mapping, and validates every row: the counts come back. */
  configure: labSenderProcedure
    .input(campaignInput(ZCampaignSettings))
    .mutation(({ ctx, input: { labId: _labId, campaignId, ...settings } }) => configureCampaign({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, campaignId, settings })),

  /** Rejected rows with their problems by column, in row order (the first 50 by default). */
  errors: labProcedure
    .input(
      campaignInput({
        afterRow: z.number({ message: "expected a row number" }).int("expected a whole number").min(0, "expected 0 or more").max(MAX_CAMPAIGN_ROWS, `expected at most ${MAX_CAMPAIGN_ROWS}`).default(0),
        limit: z.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(200, "expected at most 200").default(SHOWN_ROW_ERRORS),
      }),
    )
    .query(async ({ ctx, input }) => {
      const campaign = await findCampaign(ctx.db, { labId: ctx.lab.id, campaignId: input.campaignId });
      return listCampaignErrors({ db: ctx.db, campaignId: campaign.id, afterRow: input.afterRow, limit: input.limit });
    }),

  /** The first rows' messages as they would be rendered and decided now. */
  preview: labProcedure
    .input(campaignInput({ limit: z.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(20, "expected at most 20").default(5) }))
    .query(({ ctx, input }) => previewCampaign({ db: ctx.db, lab: ctx.lab, campaignId: input.campaignId, limit: input.limit })),

  start: labSenderProcedure
    .input(campaignInput({ sendAt: ZSendAt.optional() }))
    .mutation(({ ctx, input }) => startCampaign({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, campaignId: input.campaignId, sendAt: input.sendAt })),

  pause: labSenderProcedure.input(campaignInput({})).mutation(({ ctx, input }) => pauseCampaign({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, campaignId: input.campaignId })),

  resume: labSenderProcedure.input(campaignInput({})).mutation(({ ctx, input }) => resumeCampaign({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, campaignId: input.campaignId })),

  /** The messages a second every campaign of the lab shares (null: the platform's rate). */
  setPace: labAdminProcedure
    .input(labInput({ ratePerSecond: ZCampaignRate }))
    .mutation(({ ctx, input }) => setCampaignPace({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, ratePerSecond: input.ratePerSecond })),

  /** Stops the campaign and cancels its messages no provider has yet. */
  cancel: labSenderProcedure.input(campaignInput({})).mutation(({ ctx, input }) => cancelCampaign({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, campaignId: input.campaignId })),
});
