import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { ZEmail, ZLabRole } from "@/server/domain/members";
import { inviteMember } from "@/server/services/members/invite-member";
import { listMembers } from "@/server/services/members/list-members";
import { changeMemberRole, removeMember, revokeInvitation } from "@/server/services/members/change-member-role";
import { env } from "@/server/env";

function invitationUrl(token: string): string {
  const e = env();
  const base = e.HERALD_BASE_URL ?? `http://localhost:${e.PORT}`;
  return new URL(`/invite/${token}`, base).toString();
}

export const membersRouter = createTRPCRouter({
  list: labProcedure.input(labInput({})).query(({ ctx }) => listMembers(ctx.db, ctx.lab.id)),

  invite: labAdminProcedure.input(labInput({ email: ZEmail, role: ZLabRole })).mutation(async ({ ctx, input }) => {
    const result = await inviteMember({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, email: input.email, role: input.role });
    // The link is returned once, to the admin who sends it on; only its hash is stored.
    return result.kind === "invited" ? { ...result, url: invitationUrl(result.token) } : result;
  }),

  changeRole: labAdminProcedure
    .input(labInput({ membershipId: ZId, role: ZLabRole }))
    .mutation(({ ctx, input }) =>
      changeMemberRole({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, membershipId: input.membershipId, role: input.role }),
    ),

  remove: labAdminProcedure
    .input(labInput({ membershipId: ZId }))
    .mutation(({ ctx, input }) => removeMember({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, membershipId: input.membershipId })),

  revokeInvitation: labAdminProcedure
    .input(labInput({ invitationId: ZId }))
    .mutation(({ ctx, input }) => revokeInvitation({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, invitationId: input.invitationId })),
});
