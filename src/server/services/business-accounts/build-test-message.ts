import type { Channel } from "@/generated/prisma/enums";
import type { TOutgoingMessage } from "@/server/providers/types";

/** The trigger a test send reports to the provider (for tags) and to the sandbox's per-trigger rules. */
export const TEST_SEND_TRIGGER = "TEST_SEND";

export type TTestMessageOptions = {
  channel: Channel;
  /** Herald's id for this one send: the provider's idempotency key, as for real messages. */
  messageId: string;
  to: string;
  accountName: string;
};

/** A short, plainly harmless message that names the account it was sent through. */
export function buildTestMessage({ channel, messageId, to, accountName }: TTestMessageOptions): TOutgoingMessage[Channel] {
  const text = `Herald test message, sent through the account "${accountName}". No action is needed.`;
  const base = { messageId, to, triggerKey: TEST_SEND_TRIGGER };
  switch (channel) {
    case "SMS":
      return { ...base, body: text, segments: null };
    case "WHATSAPP":
      return { ...base, body: text, template: null };
    case "EMAIL":
      return { ...base, subject: "Herald test message", html: null, text };
  }
}
