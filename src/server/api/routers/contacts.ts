import { z } from "zod";
import { createTRPCRouter, labProcedure, labSenderProcedure } from "@/server/api/trpc";
import { labInput, ZId, ZPageCursor, ZPageLimit } from "@/server/api/schemas";
import { ZCategory, ZConsentSource, ZContactFields } from "@/server/domain/contacts";
import { ZChannel } from "@/server/domain/triggers";
import { getContact } from "@/server/services/contacts/get-contact";
import { listConsentHistory } from "@/server/services/contacts/list-consent-history";
import { listContactSuppressions } from "@/server/services/contacts/list-contact-suppressions";
import { searchContacts } from "@/server/services/contacts/search-contacts";
import { saveContact } from "@/server/services/contacts/save-contact";
import { setContactPreference } from "@/server/services/contacts/set-contact-preference";
import { updateContactConsent } from "@/server/services/contacts/update-contact-consent";

// The lab's own systems (API keys) and its admins keep contacts and consent in step;
// read-only staff may look a contact up but not change who may be messaged.
export const contactsRouter = createTRPCRouter({
  /** Creates or updates by contactId, else by externalId (else creates). */
  upsert: labSenderProcedure
    .input(labInput({ contactId: ZId.optional(), ...ZContactFields.shape }))
    .mutation(({ ctx, input: { labId: _labId, contactId, ...fields } }) => saveContact(ctx.db, { principal: ctx.principal, lab: ctx.lab, contactId, fields })),

  get: labProcedure
    .input(labInput({ contactId: ZId.optional(), externalId: ZContactFields.shape.externalId }))
    .query(({ ctx, input }) => getContact(ctx.db, { labId: ctx.lab.id, contactId: input.contactId, externalId: input.externalId })),

  /** By part of a name or email, a phone in any form, or the start of the lab system's id; newest first. */
  search: labProcedure
    .input(labInput({ query: z.string().trim().min(1, "must not be empty").max(254, "expected at most 254 characters").optional(), cursor: ZPageCursor.optional(), limit: ZPageLimit }))
    .query(({ ctx, input }) => searchContacts({ db: ctx.db, lab: ctx.lab, query: input.query, cursor: input.cursor, limit: input.limit })),

  /** Every consent change of a contact, newest first: when, how and by whom. */
  consentHistory: labProcedure
    .input(labInput({ contactId: ZId, cursor: ZPageCursor.optional(), limit: ZPageLimit }))
    .query(({ ctx, input }) => listConsentHistory({ db: ctx.db, labId: ctx.lab.id, contactId: input.contactId, cursor: input.cursor, limit: input.limit })),

  /** The suppression entries on the contact's own addresses. */
  suppressions: labProcedure
    .input(labInput({ contactId: ZId }))
    .query(({ ctx, input }) => listContactSuppressions({ db: ctx.db, labId: ctx.lab.id, contactId: input.contactId })),

  updateConsent: labSenderProcedure
    .input(
      labInput({
        contactId: ZId,
        channel: ZChannel,
        status: z.enum(["GRANTED", "WITHDRAWN"], { message: "expected GRANTED or WITHDRAWN" }),
        source: ZConsentSource,
        at: z.date({ message: "expected a date" }).optional(),
      }),
    )
    .mutation(({ ctx, input: { labId: _labId, ...input } }) => updateContactConsent(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, ...input })),

  setPreference: labSenderProcedure
    .input(labInput({ contactId: ZId, category: ZCategory, optedOut: z.boolean({ message: "expected true or false" }), source: ZConsentSource }))
    .mutation(({ ctx, input: { labId: _labId, ...input } }) => setContactPreference(ctx.db, { principal: ctx.principal, labId: ctx.lab.id, ...input })),
});
