import { z } from "zod";
import { ZLanguage } from "@/server/domain/lab-settings";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `expected at most ${max} characters`);

/**
 * A contact's own fields as callers send them. Phone and email are only checked
 * for shape here: the upsert validates them per entry, so one bad address in a
 * batch of 1,000 fails that entry, not the batch.
 */
export const ZContactFields = z.strictObject({
  externalId: text(128).optional(),
  name: text(200).optional(),
  phone: text(32).optional(),
  whatsapp: text(32).optional(),
  email: text(254).optional(),
  language: ZLanguage.optional(),
});

export type TContactFieldsInput = z.infer<typeof ZContactFields>;

/** Consent is tracked per channel, with how it was given or withdrawn. */
export const ZConsentSource = text(64).regex(/^[a-z0-9][a-z0-9_.-]*$/, "expected a lowercase source such as registration-form, sms-stop, api or staff");

/** Preference categories are the trigger catalogue's categories. */
export const ZCategory = text(40).regex(/^[a-z][a-z0-9_-]*$/, "expected a lowercase category such as reminder or billing");
