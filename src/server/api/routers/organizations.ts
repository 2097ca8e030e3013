import { z } from "zod";
import { createTRPCRouter, platformAdminProcedure } from "@/server/api/trpc";
import { ZPageCursor, ZPageLimit } from "@/server/api/schemas";
import { ZSlug } from "@/server/domain/lab-settings";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { listOrganizations } from "@/server/services/organizations/list-organizations";

/** Organizations (lab chains, B2B customers) are the platform's to keep: platform admins only. */
export const organizationsRouter = createTRPCRouter({
  list: platformAdminProcedure
    .input(z.strictObject({ cursor: ZPageCursor.optional(), limit: ZPageLimit }).optional())
    .query(({ ctx, input }) => listOrganizations({ db: ctx.db, cursor: input?.cursor, limit: input?.limit ?? 50 })),

  create: platformAdminProcedure
    .input(z.strictObject({ name: z.string().trim().min(1, "must not be empty").max(120, "expected at most 120 characters"), slug: ZSlug }))
    .mutation(({ ctx, input }) => createOrganization({ db: ctx.db, principal: ctx.principal, name: input.name, slug: input.slug })),
});
