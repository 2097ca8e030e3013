import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * The E.164 form of a phone number, or null when it is not a valid number.
 * National numbers ("0501234567") are read in `defaultCountry`, the lab's country.
 * The full ("max") metadata checks the digits, not only the length.
 */
export function normalizePhone(input: string, defaultCountry: string): string | null {
  const country = isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  const parsed = parsePhoneNumberFromString(input.trim(), country);
  return parsed?.isValid() ? parsed.number : null;
}
