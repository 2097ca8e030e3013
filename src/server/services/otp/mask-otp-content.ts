import type { TRendered } from "@/server/domain/notifications";
import { maskOtpCode } from "@/server/services/otp/otp-code";
import { sealMessageContent } from "@/server/services/otp/sealed-content";

export type TVariables = Record<string, string | number | boolean>;

export type TMaskedOtpContent = {
  /** What the plain columns keep: the rendering with every occurrence of the code masked. */
  columns: { subject: string | null; body: string | null; html: string | null; text: string | null };
  variables: TVariables;
  /** The rendering as the provider must receive it, sealed to this message; null when nothing was rendered. */
  sealedContent: string | null;
};

/**
 * An OTP message's content split in two: masked for the plain columns (what messages.get, lists
 * and the dashboard show), and sealed (AES-256-GCM, bound to the message) for the provider call,
 * erased once the provider has accepted it.
 */
export function maskOtpContent(messageId: string, code: string, rendered: TRendered | null, variables: TVariables): TMaskedOtpContent {
  const mask = maskOtpCode(code);
  const masked = (text: string | null | undefined) => (text ? text.replaceAll(code, mask) : null);
  const shownVariables = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, String(value) === code ? mask : value]));
  if (!rendered) return { columns: { subject: null, body: null, html: null, text: null }, variables: shownVariables, sealedContent: null };
  return {
    columns: { subject: masked(rendered.subject), body: masked(rendered.body), html: masked(rendered.html), text: masked(rendered.text) },
    variables: shownVariables,
    sealedContent: sealMessageContent(messageId, {
      subject: rendered.subject ?? null,
      body: rendered.body ?? null,
      html: rendered.html ?? null,
      text: rendered.text ?? null,
      variables,
    }),
  };
}

/** The caller's code among a send's variables (the OTP trigger's `otpCode`), if it gave one. */
export function otpCodeOf(triggerKey: string, variables: TVariables): string | null {
  if (triggerKey !== "OTP") return null;
  const code = variables.otpCode;
  return code === undefined || String(code) === "" ? null : String(code);
}
