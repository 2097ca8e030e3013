import { z } from "zod";
import { AppError } from "@/server/errors";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";

const ZEmail = z.email();

/** `to` as stored and matched: a lower-cased email, or a phone in E.164 read in the lab's country. */
export function normalizeOtpRecipient(to: string, country: string, field = "to"): { to: string; phone: string | null; email: string | null } {
  const trimmed = to.trim();
  if (trimmed.includes("@")) {
    const email = trimmed.toLowerCase();
    if (!ZEmail.safeParse(email).success) throw new AppError("BAD_REQUEST", "expected a valid email address", field);
    return { to: email, phone: null, email };
  }
  const phone = normalizePhone(trimmed, country);
  if (!phone) throw new AppError("BAD_REQUEST", `expected a valid phone number (national numbers are read in ${country}) or an email address`, field);
  return { to: phone, phone, email: null };
}
