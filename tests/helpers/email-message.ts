import { randomBytes } from "node:crypto";
import type { TEmailMessage } from "@/server/providers/types";

let sequence = 0;

/** An email as delivery hands it to an adapter, with a fresh Herald message id. */
export function emailMessage(to: string, overrides: Partial<TEmailMessage> = {}): TEmailMessage {
  sequence += 1;
  return {
    messageId: `cmsg${Date.now().toString(36)}${sequence}${randomBytes(3).toString("hex")}`,
    to,
    triggerKey: "REPORT_READY",
    subject: "Your report is ready",
    html: "<p>Your report is ready.</p>",
    text: "Your report is ready.",
    ...overrides,
  };
}
