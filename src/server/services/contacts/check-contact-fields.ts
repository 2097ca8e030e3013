import { z } from "zod";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import { describePhoneRegion } from "@/server/services/contacts/describe-phone-region";
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
    if (!e164) return { ok: false, field, message: invalidPhoneMessage(raw, country) };
    fields[field] = e164;
  }
  if (input.email !== undefined && !ZEmailAddress.safeParse(input.email).success) {
    return { ok: false, field: "email", message: `expected an email address, got "${input.email}"` };
  }
  return { ok: true, fields };
}

/** Names the plan the number failed: an international number is judged by its own country code, not the lab's country. */
function invalidPhoneMessage(raw: string, country: string): string {
  const region = describePhoneRegion(raw, country);
  if (region === country) return `expected a valid phone number for ${country}, national or international (+country code), got "${raw}"`;
  if (region === null) return `expected a valid phone number with a known country code, got "${raw}"`;
  return `expected a valid phone number for ${region}, got "${raw}"`;
}
