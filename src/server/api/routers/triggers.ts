import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput } from "@/server/api/schemas";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { enableTrigger } from "@/server/services/triggers/enable-trigger";
import { enableRecommendedTriggers } from "@/server/services/triggers/enable-recommended-triggers";
import { findRecommendedTriggers } from "@/server/services/triggers/find-recommended-triggers";
import { setTriggers } from "@/server/services/triggers/set-triggers";
import { listTriggers } from "@/server/services/triggers/list-triggers";

const ZEnabled = z.boolean({ message: "expected true or false" });

export const triggersRouter = createTRPCRouter({
  /** The catalogue with this lab's enablement per channel. */
  list: labProcedure.input(labInput({})).query(({ ctx }) => listTriggers(ctx.db, ctx.lab.id)),

  enable: labAdminProcedure
    .input(labInput({ triggerKey: ZTriggerKey, channel: ZChannel, enabled: ZEnabled }))
    .mutation(({ ctx, input }) =>
      enableTrigger(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, triggerKey: input.triggerKey, channel: input.channel, enabled: input.enabled }),
    ),

  /** Many at once: a whole row (a trigger on every channel) or column (every trigger on a channel). */
  setMany: labAdminProcedure
    .input(
      labInput({
        triggerKeys: z.array(ZTriggerKey).min(1, "expected at least one trigger").max(100, "expected at most 100 triggers").optional(),
        channels: z.array(ZChannel).min(1, "expected at least one channel").max(3, "expected at most 3 channels").optional(),
        enabled: ZEnabled,
      }),
    )
    .mutation(({ ctx, input }) =>
      setTriggers(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, triggerKeys: input.triggerKeys, channels: input.channels, enabled: input.enabled }),
    ),

  /** The channels the lab can send on and the transactional triggers recommended there. */
  recommended: labProcedure.input(labInput({})).query(({ ctx }) => findRecommendedTriggers(ctx.db, ctx.lab.id)),

  /** Turns on the recommended triggers the lab has never set; ones an admin turned off stay off. */
  enableRecommended: labAdminProcedure.input(labInput({})).mutation(({ ctx }) => enableRecommendedTriggers(ctx.db, { principal: ctx.principal, labId: ctx.lab.id })),
});
