/**
 * Plain-language labels for the codes a failed or skipped message carries: Herald's own classified
 * codes (src/server/providers/*-errors.ts), skip reasons, and the provider codes their delivery
 * reports bring (Twilio's 30000-series codes, Resend's bounce types). The dashboard translates by code and falls
 * back to these; an unknown code is shown as it is.
 */
const LABELS: Record<string, string> = {
  // Classified at dispatch.
  invalid_number: "Invalid phone number",
  unsubscribed: "Recipient unsubscribed at the provider",
  unreachable: "Recipient unreachable",
  not_mobile: "Not a mobile number",
  body_too_long: "Message too long",
  template_required: "WhatsApp needs an approved template outside the 24-hour window",
  bad_credentials: "Provider account credentials rejected",
  invalid_sender: "Sender not allowed",
  region_not_enabled: "Destination country not enabled on the account",
  trial_unverified_number: "Trial account cannot send to this number",
  rate_limited: "Provider rate limit",
  timeout: "Provider did not answer in time",
  network_error: "Network error reaching the provider",
  provider_unavailable: "Provider unavailable",
  provider_error: "Provider error",
  rejected: "Rejected by the provider",
  outcome_unknown: "Outcome unknown (no answer in time, or a worker stopped): check and retry",
  no_business_account: "No provider account for this channel",
  carrier_rejected: "Rejected by the carrier",
  // Delivery reports.
  "30001": "Queue overflow at the provider",
  "30002": "Provider account suspended",
  "30003": "Handset unreachable",
  "30004": "Message blocked by the recipient or carrier",
  "30005": "Unknown or inactive number",
  "30006": "Landline or unreachable carrier",
  "30007": "Filtered by the carrier as spam",
  "30008": "Unknown delivery error",
  "63016": "WhatsApp needs an approved template outside the 24-hour window",
  bounce_permanent: "Email bounced (address does not exist)",
  bounce_transient: "Email bounced for now (mailbox full or unavailable)",
  complained: "Recipient marked the email as spam",
  // Skip reasons.
  trigger_not_allowed_on_channel: "Trigger not available on this channel",
  trigger_disabled: "Trigger disabled for the lab",
  hard_stop: "Lab communications disabled",
  consent_withdrawn: "Consent withdrawn",
  suppressed: "Address on the suppression list",
  preference_opt_out: "Patient opted out of this category",
  no_template: "No template for this trigger and channel",
  missing_variable: "A template variable was missing",
  render_error: "Template could not be rendered",
  no_address: "No address for this channel",
  invalid_address: "Invalid address",
};

/** The label of a failure or skip code; `missing_variable:patientName` reads as missing_variable's, naming it. */
export function labelOfReason(code: string): string {
  if (code === "") return "No reason recorded";
  const exact = LABELS[code];
  if (exact) return exact;
  const [head, detail] = code.split(":", 2);
  if (head === "missing_variable" && detail) return `Template variable missing: ${detail}`;
  const prefix = Object.keys(LABELS).find((key) => code.startsWith(`${key}_`));
  return prefix ? LABELS[prefix]! : code;
}
