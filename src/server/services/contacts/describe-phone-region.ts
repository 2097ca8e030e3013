import { AsYouType, isSupportedCountry } from "libphonenumber-js/max";
import metadata from "libphonenumber-js/max/metadata";

/**
 * The numbering plan a phone number was checked against, for error messages:
 * the country of its own calling code ("US (+1)") when it is international,
 * else `defaultCountry` (the lab's), in which national numbers are read. Null
 * when it dials a calling code no country has.
 */
export function describePhoneRegion(input: string, defaultCountry: string): string | null {
  const typed = new AsYouType(isSupportedCountry(defaultCountry) ? defaultCountry : undefined);
  typed.input(input.trim());
  if (!typed.isInternational()) return defaultCountry;
  const callingCode = typed.getCallingCode();
  if (!callingCode) return null;
  // The metadata lists a shared calling code's main country first (US for +1, RU for +7).
  const country = typed.getCountry() ?? metadata.country_calling_codes[callingCode]?.[0];
  return country ? `${country} (+${callingCode})` : `+${callingCode}`;
}
