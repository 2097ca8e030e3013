import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { ZLanguage } from "@/server/domain/lab-settings";
import { ZTemplateContent, ZVariableName } from "@/server/domain/templates";
import { ZChannel, ZTemplateAudience, ZTriggerKey } from "@/server/domain/triggers";
import { diffTemplateVersions } from "@/server/services/templates/diff-template-versions";
import { listTemplateVersions } from "@/server/services/templates/list-template-versions";
import { restoreTemplateVersion } from "@/server/services/templates/restore-template-version";
import { createTemplateOverride } from "@/server/services/templates/create-template-override";
import { getTemplate } from "@/server/services/templates/get-template";
import { listTemplates } from "@/server/services/templates/list-templates";
import { previewTemplate } from "@/server/services/templates/preview-template";
import { setTemplateActive } from "@/server/services/templates/set-template-active";
import { updateTemplate } from "@/server/services/templates/update-template";
import { validateTemplate } from "@/server/services/templates/validate-template";

const ZIdentity = { triggerKey: ZTriggerKey, channel: ZChannel, language: ZLanguage };
const ZDraft = z.strictObject({ ...ZIdentity, audience: ZTemplateAudience.optional(), content: ZTemplateContent });
const ZVersion = z.number({ message: "expected a version number" }).int("expected a whole number").min(1, "expected at least 1").max(1_000_000, "expected at most 1000000");
const ZSampleValues = z.record(ZVariableName, z.union([z.string().max(2_000, "expected at most 2000 characters"), z.number()]));

export const templatesRouter = createTRPCRouter({
  list: labProcedure
    .input(labInput({ triggerKey: ZTriggerKey.optional(), channel: ZChannel.optional(), audience: ZTemplateAudience.optional() }))
    .query(({ ctx, input }) => listTemplates(ctx.db, { labId: ctx.lab.id, triggerKey: input.triggerKey, channel: input.channel, audience: input.audience })),

  get: labProcedure.input(labInput({ templateId: ZId })).query(({ ctx, input }) => getTemplate(ctx.db, { labId: ctx.lab.id, templateId: input.templateId })),

  /** Saved versions, newest first, a page at a time, each with its author and the fields it changed. */
  versions: labProcedure
    .input(
      labInput({
        templateId: ZId,
        cursor: ZVersion.optional(),
        // tRPC's infinite queries send which way they page; history only pages back in time.
        direction: z.enum(["forward", "backward"], { message: "expected forward or backward" }).optional(),
        limit: z.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(100, "expected at most 100").default(20),
      }),
    )
    .query(({ ctx, input }) => listTemplateVersions(ctx.db, { labId: ctx.lab.id, templateId: input.templateId, cursor: input.cursor, limit: input.limit })),

  /** What changed between any two versions, field by field. */
  diff: labProcedure
    .input(labInput({ templateId: ZId, from: ZVersion, to: ZVersion }))
    .query(({ ctx, input }) => diffTemplateVersions(ctx.db, { labId: ctx.lab.id, templateId: input.templateId, from: input.from, to: input.to })),

  /** Brings an older version of the lab's override back, as a new version. */
  restore: labAdminProcedure
    .input(labInput({ templateId: ZId, version: ZVersion }))
    .mutation(({ ctx, input }) => restoreTemplateVersion(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, templateId: input.templateId, version: input.version })),

  /** The lab's own template; without content, a copy of the platform default to edit. */
  createOverride: labAdminProcedure
    .input(labInput({ ...ZIdentity, audience: ZTemplateAudience.optional(), content: ZTemplateContent.optional() }))
    .mutation(({ ctx, input: { labId: _labId, ...input } }) => createTemplateOverride(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, ...input })),

  update: labAdminProcedure
    .input(labInput({ templateId: ZId, content: ZTemplateContent }))
    .mutation(({ ctx, input }) => updateTemplate(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, templateId: input.templateId, content: input.content })),

  activate: labAdminProcedure
    .input(labInput({ templateId: ZId }))
    .mutation(({ ctx, input }) => setTemplateActive(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, templateId: input.templateId, active: true })),

  deactivate: labAdminProcedure
    .input(labInput({ templateId: ZId }))
    .mutation(({ ctx, input }) => setTemplateActive(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, templateId: input.templateId, active: false })),

  // preview and validate change nothing, but are mutations: a draft's email HTML
  // can far exceed what fits in the URL of a GET query.

  /** Renders a stored template or a draft with sample (or given) values. */
  preview: labProcedure
    .input(labInput({ templateId: ZId.optional(), draft: ZDraft.optional(), variables: ZSampleValues.optional() }))
    .mutation(({ ctx, input }) => previewTemplate(ctx.db, { labId: ctx.lab.id, templateId: input.templateId, draft: input.draft, variables: input.variables })),

  /** Every problem with a draft, without saving it. */
  validate: labProcedure.input(labInput({ ...ZIdentity, audience: ZTemplateAudience.optional(), content: ZTemplateContent })).mutation(async ({ ctx, input: { labId: _labId, ...draft } }) => {
    const { valid, problems } = await validateTemplate(ctx.db, draft);
    return { valid, problems };
  }),
});
