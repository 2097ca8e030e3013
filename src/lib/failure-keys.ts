/**
 * Where a failure code's explanation sits in the `failures` messages, most specific first. A message
 * stores Herald's own reason (`template_required`, `outcome_unknown`) wherever the adapter's code table
 * has one, a callback's code included (Twilio's `63016` is stored as `template_required`), else the
 * code its provider reported (Twilio's `30003`, Resend's `bounce_permanent_general`); events recorded
 * before that rule may hold either. The provider's table is read before Herald's. Read at display time only.
 */

// next-intl splits keys on dots: a code with other characters only matches by its class (SMTP) or not at all.
const SAFE_KEY = /^[A-Za-z0-9_-]+$/;
const SMTP_STATUS = /^([245])\.\d{1,3}\.\d{1,3}$/;
// WhatsApp resellers that pass on Meta's own error codes in their failure callbacks. Bevatel's carry
// only a free-text error, stored as the message beside the code `failed`.
const META_RESELLERS = new Set(["interakt", "pinnacle"]);

export function failureKeysOf(provider: string | null | undefined, rawCode: string): string[] {
  const code = rawCode.trim();
  const keys: string[] = [];
  const own = provider && SAFE_KEY.test(provider) ? `providers.${provider}` : null;
  if (own && SAFE_KEY.test(code)) {
    keys.push(`${own}.${code}`);
    if (code.toLowerCase() !== code) keys.push(`${own}.${code.toLowerCase()}`);
    // Resend's bounce and suppression codes carry a sub-type (`bounce_permanent_general`): its type explains it.
    const parts = code.toLowerCase().split("_");
    for (let n = parts.length - 1; n >= 1; n--) keys.push(`${own}.${parts.slice(0, n).join("_")}`);
  }
  const smtp = SMTP_STATUS.exec(code);
  if (own && smtp) keys.push(`${own}.smtp_${smtp[1]}`);
  if (provider && META_RESELLERS.has(provider) && /^\d+$/.test(code)) keys.push(`providers.meta.${code}`);
  if (SAFE_KEY.test(code)) keys.push(`herald.${code}`);
  return keys;
}
