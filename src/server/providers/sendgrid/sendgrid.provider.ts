// SendGrid (email): v3 Mail Send through the official client, the signed Event Webhook for statuses
// and suppressions. SendGrid has no idempotency key and no status lookup on the standard plans.
import { ProviderError } from "@/server/providers/provider-error";
import { headerOf, sendGridRequest } from "@/server/providers/sendgrid/sendgrid-client";
import { SENDGRID_SECRET_FIELDS, ZSendGridConfig, type TSendGridConfig } from "@/server/providers/sendgrid/sendgrid-config";
import { classifySendGridFailure } from "@/server/providers/sendgrid/sendgrid-errors";
import { buildMailSendBody } from "@/server/providers/sendgrid/sendgrid-mail-body";
import { parseSendGridWebhook, verifySendGridWebhook } from "@/server/providers/sendgrid/sendgrid-webhook";
import type { ChannelAdapter, EmailProvider, TProvider } from "@/server/providers/types";

export const sendgridEmailAdapter: EmailProvider<TSendGridConfig> = {
  provider: "sendgrid",
  channel: "EMAIL",
  configSchema: ZSendGridConfig,
  secretFields: SENDGRID_SECRET_FIELDS,
  // A repeated Mail Send is a second email: nothing at SendGrid dedupes it.
  idempotent: false,

  async send(message, config, context) {
    const body = buildMailSendBody(message, config);
    if (body.content.length === 0) {
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "rejected", message: "SendGrid needs a text or HTML body; the email has neither" });
    }
    const call = { apiKey: config.apiKey, baseUrl: context.baseUrl, signal: context.signal };
    let providerMessageId: string | undefined;
    try {
      const response = await sendGridRequest(call, "/v3/mail/send", body);
      providerMessageId = headerOf(response.headers, "x-message-id");
    } catch (error) {
      // Rethrown classified and without the SDK's error, whose request config holds the API key.
      throw new ProviderError(classifySendGridFailure(error, call));
    }
    if (!providerMessageId) {
      // Accepted, so trying again would send a second email; without the id no event can be matched.
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "missing_message_id", message: "SendGrid accepted the email without an X-Message-Id" });
    }
    return { providerMessageId, status: "SENT" };
  },

  verifyWebhook(request, config, now) {
    return verifySendGridWebhook(request, config.webhookPublicKey, now);
  },

  parseWebhook: parseSendGridWebhook,

  classifyError: (error) => classifySendGridFailure(error),
};

export const sendgridProvider: TProvider = {
  id: "sendgrid",
  name: "SendGrid",
  adapters: { EMAIL: sendgridEmailAdapter as ChannelAdapter<"EMAIL", unknown> },
};
