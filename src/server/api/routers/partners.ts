import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput, ZId, ZPageCursor, ZPageLimit } from "@/server/api/schemas";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { ZPartnerContactFields, ZPartnerFields, ZPartnerRuleFields } from "@/server/domain/partners";
import { createPartner } from "@/server/services/partners/create-partner";
import { listPartners } from "@/server/services/partners/list-partners";
import { findPartner } from "@/server/services/partners/partner-select";
import { removePartnerContact } from "@/server/services/partners/remove-partner-contact";
import { removePartnerRule } from "@/server/services/partners/remove-partner-rule";
import { savePartnerContact } from "@/server/services/partners/save-partner-contact";
import { setPartnerRule } from "@/server/services/partners/set-partner-rule";
import { updatePartner } from "@/server/services/partners/update-partner";

const ZConsentChannels = z
  .array(ZChannel, { message: "expected a list of channels" })
  .max(3, "expected at most 3 channels")
  .refine((channels) => new Set(channels).size === channels.length, "expected each channel once");

// Everyone with access reads a lab's partners; who is told what is the lab admins' to decide.
export const partnersRouter = createTRPCRouter({
  list: labProcedure
    .input(labInput({ query: z.string().trim().min(1, "must not be empty").max(200, "expected at most 200 characters").optional(), cursor: ZPageCursor.optional(), limit: ZPageLimit }))
    .query(({ ctx, input }) => listPartners(ctx.db, { labId: ctx.lab.id, query: input.query, cursor: input.cursor, limit: input.limit })),

  /** A partner with its contacts and rules. */
  get: labProcedure.input(labInput({ partnerId: ZId })).query(({ ctx, input }) => findPartner(ctx.db, ctx.lab.id, input.partnerId)),

  create: labAdminProcedure
    .input(labInput({ ...ZPartnerFields }))
    .mutation(({ ctx, input: { labId: _labId, ...fields } }) => createPartner(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, fields })),

  /** Fields left out stay as they are; null clears externalId or timezone. */
  update: labAdminProcedure
    .input(labInput({ partnerId: ZId, ...z.object(ZPartnerFields).partial().shape }))
    .mutation(({ ctx, input: { labId: _labId, partnerId, ...fields } }) => updatePartner(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, partnerId, fields })),

  /** Adds a person at the partner, or updates one (partnerContactId). */
  saveContact: labAdminProcedure
    .input(labInput({ partnerId: ZId, partnerContactId: ZId.optional(), ...ZPartnerContactFields, consent: ZConsentChannels.optional() }))
    .mutation(({ ctx, input: { labId: _labId, partnerId, partnerContactId, consent, ...fields } }) =>
      savePartnerContact(ctx.db, { principal: ctx.principal, lab: ctx.lab, partnerId, partnerContactId, fields, consent }),
    ),

  removeContact: labAdminProcedure
    .input(labInput({ partnerId: ZId, partnerContactId: ZId }))
    .mutation(({ ctx, input }) => removePartnerContact(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, partnerId: input.partnerId, partnerContactId: input.partnerContactId })),

  /** What the partner is told of one trigger: channels, at once or as a digest, and whether the patient is told too. */
  setRule: labAdminProcedure
    .input(labInput({ partnerId: ZId, rule: ZPartnerRuleFields }))
    .mutation(({ ctx, input }) => setPartnerRule(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, partnerId: input.partnerId, rule: input.rule })),

  removeRule: labAdminProcedure
    .input(labInput({ partnerId: ZId, triggerKey: ZTriggerKey }))
    .mutation(({ ctx, input }) => removePartnerRule(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, partnerId: input.partnerId, triggerKey: input.triggerKey })),
});
