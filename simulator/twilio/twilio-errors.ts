import { randomBytes } from "node:crypto";
import type { TSimResponse } from "../types";

// The code Twilio puts on errors that have no more specific one.
const CODE_BY_STATUS: Record<number, number> = { 401: 20003, 403: 20403, 404: 20404, 405: 20004, 429: 20429, 500: 20500, 503: 20503 };

/** Twilio's error shape: `{"code":21211,"message":"...","more_info":"https://www.twilio.com/docs/errors/21211","status":400}`. */
export function twilioError(status: number, code: number | string | undefined, message: string): TSimResponse {
  const numeric = Number(code);
  const twilioCode = code !== undefined && Number.isInteger(numeric) ? numeric : (CODE_BY_STATUS[status] ?? status);
  return {
    status,
    headers: { "twilio-request-id": requestId() },
    body: { code: twilioCode, message, more_info: `https://www.twilio.com/docs/errors/${twilioCode}`, status },
  };
}

export function requestId(): string {
  return `RQ${randomBytes(16).toString("hex")}`;
}

export const UNAUTHORIZED = (): TSimResponse => twilioError(401, 20003, "Authenticate");
