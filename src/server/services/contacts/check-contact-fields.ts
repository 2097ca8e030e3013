import { z } from "zod";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import { describePhoneRegion } from "@/server/services/contacts/describe-phone-region";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";

export type TContactFieldIssue = { field: "phone" | "whatsapp" | "email"; message: string };

export type TCheckedContactFields = { ok: true; fields: TContactFieldsInput } | { ok: false; issues: [TContactFieldIssue, ...TContactFieldIssue[]] };

const ZEmailAddress = z.email();

/**
 * Validates a contact's addresses and puts phone numbers in E.164, reading national numbers in the
 * lab's country. Every bad address is reported, not only the first.
 */
export function checkContactFields(input: TContactFieldsInput, country: string): TCheckedContactFields {
  const fields: TContactFieldsInput = { ...input };
  const issues: TContactFieldIssue[] = [];
  for (const field of ["phone", "whatsapp"] as const) {
    const raw = input[field];
    if (raw === undefined) continue;
    const e164 = normalizePhone(raw, country);
    if (e164) fields[field] = e164;
    else issues.push({ field, message: invalidPhoneMessage(raw, country) });
  }
  if (input.email !== undefined && !ZEmailAddress.safeParse(input.email).success) {
    issues.push({ field: "email", message: `expected an email address, got "${input.email}"` });
  }
  const [first, ...more] = issues;
  return first ? { ok: false, issues: [first, ...more] } : { ok: true, fields };
}

/** Names the plan the number failed: an international number is judged by its own country code, not the lab's country. */
function invalidPhoneMessage(raw: string, country: string): string {
  const region = describePhoneRegion(raw, country);
  if (region === country) return `expected a valid phone number for ${country}, national or international (+country code), got "${raw}"`;
  if (region === null) return `expected a valid phone number with a known country code, got "${raw}"`;
  return `expected a valid phone number for ${region}, got "${raw}"`;
}
