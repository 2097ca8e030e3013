import { z } from "zod";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";

export type TCheckedContactFields =
  | { ok: true; fields: TContactFieldsInput }
  | { ok: false; field: "phone" | "whatsapp" | "email"; message: string };

const ZEmailAddress = z.email();

/** Validates a contact's addresses and puts phone numbers in E.164, reading national numbers in the lab's country. */
export function checkContactFields(input: TContactFieldsInput, country: string): TCheckedContactFields {
  const fields: TContactFieldsInput = { ...input };
  for (const field of ["phone", "whatsapp"] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    const e164 = normalizePhone(raw, country);
    if (!e164) return { ok: false, field, message: `expected a valid phone number for ${country}, national or international (+country code), got "${raw}"` };
    fields[field] = e164;
  }
  if (input.email !== undefined && !ZEmailAddress.safeParse(input.email).success) {
    return { ok: false, field: "email", message: `expected an email address, got "${input.email}"` };
  }
  return { ok: true, fields };
}
