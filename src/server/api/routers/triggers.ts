import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput } from "@/server/api/schemas";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { enableTrigger } from "@/server/services/triggers/enable-trigger";
import { listTriggers } from "@/server/services/triggers/list-triggers";

export const triggersRouter = createTRPCRouter({
  /** The catalogue with this lab's enablement per channel. */
  list: labProcedure.input(labInput({})).query(({ ctx }) => listTriggers(ctx.db, ctx.lab.id)),

  enable: labAdminProcedure
    .input(labInput({ triggerKey: ZTriggerKey, channel: ZChannel, enabled: z.boolean({ message: "expected true or false" }) }))
    .mutation(({ ctx, input }) =>
      enableTrigger(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, triggerKey: input.triggerKey, channel: input.channel, enabled: input.enabled }),
    ),
});
