import { classifyCommonError, classifyHttpStatus, ProviderError } from "@/server/providers/provider-error";
import { reasonIn } from "@/server/providers/reported-code";
import type { TClassifiedError } from "@/server/providers/types";

/** Twilio's answer to a failed API call: `{"code":21211,"message":"...","more_info":"...","status":400}`. */
export class TwilioApiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly twilioCode: number | null,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TwilioApiError";
  }
}

/**
 * The call never got an answer: the network failed or the call was aborted. Built from the HTTP
 * client's error without its request (which carries the Authorization header and the body).
 */
export class TwilioTransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TwilioTransportError";
  }
}

type TRule = Omit<TClassifiedError, "message" | "httpStatus" | "providerCode" | "retryAfterMs">;

const RECIPIENT = (code: string, extra: Partial<TRule> = {}): TRule => ({ kind: "permanent", scope: "recipient", code, ...extra });
const ACCOUNT = (code: string): TRule => ({ kind: "permanent", scope: "account", code });

/** Twilio error codes whose meaning differs from their HTTP status (mostly 400). */
export const TWILIO_ERROR_RULES: Record<number, TRule> = {
  21211: RECIPIENT("invalid_number"),
  21610: RECIPIENT("unsubscribed", { suppress: "provider_unsubscribed" }),
  21612: RECIPIENT("unreachable"),
  21614: RECIPIENT("not_mobile"),
  21617: RECIPIENT("body_too_long"),
  // Outside WhatsApp's 24-hour session: this message needs a template; the account is fine.
  63016: RECIPIENT("template_required"),
  20003: ACCOUNT("bad_credentials"),
  21212: ACCOUNT("invalid_sender"),
  21606: ACCOUNT("invalid_sender"),
  21603: ACCOUNT("invalid_sender"),
  // Geographic permission missing, or a trial account and an unverified number: another account may send it.
  21408: ACCOUNT("region_not_enabled"),
  21608: ACCOUNT("trial_unverified_number"),
  // No WhatsApp sender behind From.
  63007: ACCOUNT("invalid_sender"),
  20429: { kind: "retryable", scope: "account", code: "rate_limited" },
};

/** Herald's reason for a code a status callback or lookup reported, by the rules a refused call is classified with. */
export function twilioReasonOf(code: string): string | undefined {
  return reasonIn(TWILIO_ERROR_RULES, code);
}

/**
 * Twilio's own wording for the codes its status callbacks carry (its error dictionary). A callback
 * has `ErrorCode` and no message, where a refused API call answers with one; without this a message
 * failed by callback (63016 outside WhatsApp's window above all) kept a code and no words.
 */
const TWILIO_ERROR_DESCRIPTIONS: Record<string, string> = {
  "21610": "Attempt to send to unsubscribed recipient",
  "30001": "Queue overflow",
  "30002": "Account suspended",
  "30003": "Unreachable destination handset",
  "30004": "Message blocked",
  "30005": "Unknown destination handset",
  "30006": "Landline or unreachable carrier",
  "30007": "Message filtered",
  "30008": "Unknown error",
  "63016": "Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.",
};

/** The provider's message for a code a callback or lookup reported without one. */
export function twilioErrorDescription(code: string | undefined): string | undefined {
  return code === undefined ? undefined : TWILIO_ERROR_DESCRIPTIONS[code];
}

// Abort is the context's signal (a timeout or shutdown); the others are axios's own timeouts.
const TIMEOUT_CODES = new Set(["ERR_CANCELED", "ECONNABORTED", "ETIMEDOUT"]);

export function classifyTwilioError(error: unknown): TClassifiedError {
  if (error instanceof TwilioApiError) {
    const { httpStatus, twilioCode, message, retryAfterMs } = error;
    const providerCode = String(twilioCode ?? httpStatus);
    const rule = twilioCode === null ? undefined : TWILIO_ERROR_RULES[twilioCode];
    if (httpStatus === 429 || rule?.code === "rate_limited") {
      return { kind: "retryable", scope: "account", code: "rate_limited", message, httpStatus, providerCode, ...(retryAfterMs !== undefined && { retryAfterMs }) };
    }
    // A server error is retried whatever code it carries: the message may not have been refused.
    if (rule && httpStatus < 500) return { ...rule, message, httpStatus, providerCode };
    return { ...classifyHttpStatus(httpStatus, message), providerCode };
  }
  if (error instanceof TwilioTransportError) {
    const code = TIMEOUT_CODES.has(error.code) ? "timeout" : "network_error";
    return { kind: "retryable", scope: "account", code, message: error.message, providerCode: error.code };
  }
  if (error instanceof ProviderError) return error.toClassified();
  return classifyCommonError(error);
}
