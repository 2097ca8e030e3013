// Providers that take a number as country code and national number (Interakt), or as digits
// without "+" (Pinnacle, Bevatel), get them from Herald's E.164.
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { ProviderError } from "@/server/providers/provider-error";

/** "+966501234567" -> { countryCode: "+966", nationalNumber: "501234567" }; a permanent invalid_number otherwise. */
export function phoneParts(e164: string): { countryCode: string; nationalNumber: string } {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) throw new ProviderError({ kind: "permanent", scope: "recipient", code: "invalid_number", message: "the recipient's number is not an international (E.164) number" });
  return { countryCode: `+${parsed.countryCallingCode}`, nationalNumber: parsed.nationalNumber };
}

/** "+966501234567" -> "966501234567": international digits without "+" or "00". */
export function internationalDigits(e164: string): string {
  return e164.replace(/\D/g, "").replace(/^00/, "");
}
