import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "@/server/api/trpc";
import { ZPassword, ZPersonName } from "@/server/domain/members";
import { acceptInvitation, describeInvitation } from "@/server/services/members/accept-invitation";

const ZToken = z.string().min(16, "expected an invitation token").max(128, "expected an invitation token");

export const invitationsRouter = createTRPCRouter({
  get: publicProcedure.input(z.strictObject({ token: ZToken })).query(({ ctx, input }) => describeInvitation(ctx.db, input.token)),

  accept: publicProcedure
    .input(z.strictObject({ token: ZToken, name: ZPersonName, password: ZPassword }))
    .mutation(({ ctx, input }) => acceptInvitation({ db: ctx.db, token: input.token, name: input.name, password: input.password })),
});
