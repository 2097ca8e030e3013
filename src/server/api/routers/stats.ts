import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/api/trpc";
import { ZId } from "@/server/api/schemas";
import { ZDateTime } from "@/server/domain/send";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { PROVIDER_IDS } from "@/server/providers/registry";
import { getStatsOverview } from "@/server/services/stats/get-stats-overview";
import { resolveStatsScope } from "@/server/services/stats/resolve-stats-scope";

const GRANULARITIES = ["hour", "day", "month"] as const;

/** One lab (labId) or an organization's labs (organizationId), never both. */
export const ZStatsOverviewInput = z
  .strictObject({
    labId: ZId.optional(),
    organizationId: ZId.optional(),
    from: ZDateTime,
    to: ZDateTime,
    granularity: z.enum(GRANULARITIES, { message: `expected one of ${GRANULARITIES.join(", ")}` }).default("day"),
    channel: ZChannel.optional(),
    triggerKey: ZTriggerKey.optional(),
    provider: z.enum(PROVIDER_IDS, { message: `expected one of ${PROVIDER_IDS.join(", ")}` }).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.labId === undefined) === (input.organizationId === undefined)) {
      const message = input.labId === undefined ? "expected labId or organizationId" : "expected labId or organizationId, not both";
      ctx.addIssue({ code: "custom", path: ["labId"], message });
    }
  });

export const statsRouter = createTRPCRouter({
  /** Sent, delivered, failed and why, cost and latency for a lab or an organization over a range. */
  overview: authedProcedure.input(ZStatsOverviewInput).query(async ({ ctx, input }) => {
    const { labId, organizationId, from, to, granularity, ...filters } = input;
    const target = labId !== undefined ? { labId } : { organizationId: organizationId! };
    const scope = await resolveStatsScope({ db: ctx.db, principal: ctx.principal, target });
    return getStatsOverview({ db: ctx.db, scope, from, to, granularity, filters });
  }),
});
