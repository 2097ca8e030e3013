import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure, platformAdminProcedure, authedProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { labSettingsSelect, ZLabName, ZLabSettings, ZSlug } from "@/server/domain/lab-settings";
import { listAccessibleLabs } from "@/server/services/labs/list-accessible-labs";
import { updateLabSettings } from "@/server/services/labs/update-lab-settings";
import { createLab } from "@/server/services/labs/create-lab";

export const ZUpdateLabSettingsInput = labInput(ZLabSettings.partial().shape);

export const ZCreateLabInput = z.strictObject({
  organizationId: ZId,
  name: ZLabName,
  slug: ZSlug,
  settings: ZLabSettings.omit({ name: true }).partial().optional(),
});

export const labsRouter = createTRPCRouter({
  list: authedProcedure.input(z.strictObject({}).optional()).query(({ ctx }) => listAccessibleLabs(ctx.db, ctx.principal)),

  get: labProcedure.input(labInput({})).query(async ({ ctx }) => {
    const lab = await ctx.db.lab.findUniqueOrThrow({ where: { id: ctx.lab.id }, select: labSettingsSelect });
    return { ...lab, role: ctx.role };
  }),

  updateSettings: labAdminProcedure.input(ZUpdateLabSettingsInput).mutation(({ ctx, input: { labId: _labId, ...changes } }) =>
    updateLabSettings({ db: ctx.db, principal: ctx.principal, labId: ctx.lab.id, changes }),
  ),

  create: platformAdminProcedure.input(ZCreateLabInput).mutation(({ ctx, input }) =>
    createLab({ db: ctx.db, principal: ctx.principal, organizationId: input.organizationId, name: input.name, slug: input.slug, settings: input.settings, recommendedTriggers: true }),
  ),
});
