// The v3 Mail Send body for one Herald email.
import type { TSendGridConfig } from "@/server/providers/sendgrid/sendgrid-config";
import type { TEmailMessage } from "@/server/providers/types";

type TAddress = { email: string; name?: string };

export type TSendGridMailBody = {
  personalizations: { to: TAddress[]; custom_args: Record<string, string> }[];
  from: TAddress;
  reply_to?: TAddress;
  subject: string;
  content: { type: "text/plain" | "text/html"; value: string }[];
};

/**
 * Herald's ids ride as custom args, which SendGrid copies into every event of the message. They sit
 * on the personalization, where the spec types them as an object (its message-level custom_args is a string).
 */
export function buildMailSendBody(message: TEmailMessage, config: TSendGridConfig): TSendGridMailBody {
  // SendGrid wants text/plain before text/html, and refuses empty values.
  const content: TSendGridMailBody["content"] = [];
  if (message.text) content.push({ type: "text/plain", value: message.text });
  if (message.html) content.push({ type: "text/html", value: message.html });
  return {
    personalizations: [{ to: [{ email: message.to }], custom_args: { herald_message_id: message.messageId, herald_trigger: message.triggerKey } }],
    from: config.fromName ? { email: config.from, name: config.fromName } : { email: config.from },
    ...(config.replyTo && { reply_to: { email: config.replyTo } }),
    subject: message.subject,
    content,
  };
}
