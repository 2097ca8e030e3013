import { z } from "zod";
import { authedProcedure, createTRPCRouter } from "@/server/api/trpc";
import { listAccessibleLabs } from "@/server/services/labs/list-accessible-labs";

export const meRouter = createTRPCRouter({
  /** Who the caller is and which labs they may open. */
  get: authedProcedure.input(z.strictObject({}).optional()).query(async ({ ctx }) => ({
    principal: ctx.principal,
    labs: await listAccessibleLabs(ctx.db, ctx.principal),
  })),
});
