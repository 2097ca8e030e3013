import { twilioClient, withSignal } from "@/server/providers/twilio/twilio-client";
import { TWILIO_CONFIG_SCHEMAS, TWILIO_SECRET_FIELDS, type TTwilioConfig } from "@/server/providers/twilio/twilio-config";
import { classifyTwilioError, TwilioApiError } from "@/server/providers/twilio/twilio-errors";
import { reportOf, smsParams, whatsAppParams, withBilling, type TCreateMessageParams } from "@/server/providers/twilio/twilio-message";
import { mapTwilioStatus } from "@/server/providers/twilio/twilio-statuses";
import { parseTwilioWebhook, TWILIO_WEBHOOK_ANSWER, verifyTwilioSignature } from "@/server/providers/twilio/twilio-webhook";
import type { ChannelAdapter, TAdapterContext, TOutgoingMessage, TProviderAcceptance } from "@/server/providers/types";

type TTwilioChannel = "SMS" | "WHATSAPP";

const PARAMS_BY_CHANNEL: { [C in TTwilioChannel]: (message: TOutgoingMessage[C], config: TTwilioConfig, webhookUrl: string) => TCreateMessageParams } = {
  SMS: smsParams,
  WHATSAPP: whatsAppParams,
};

/** Twilio Programmable Messaging for one channel, through the official SDK. */
export function createTwilioAdapter<C extends TTwilioChannel>(channel: C): ChannelAdapter<C, TTwilioConfig> {
  return {
    provider: "twilio",
    channel,
    configSchema: TWILIO_CONFIG_SCHEMAS[channel],
    secretFields: TWILIO_SECRET_FIELDS,
    // Twilio takes no idempotency key: a repeated create sends the message again.
    idempotent: false,

    async send(message, config, context): Promise<TProviderAcceptance> {
      const params = PARAMS_BY_CHANNEL[channel](message, config, context.webhookUrl);
      const created = await withSignal(context, () => twilioClient(config, context.baseUrl).messages.create(params));
      const status = mapTwilioStatus(created.status);
      // Twilio answers queued (or accepted, for a Messaging Service): Herald's SENT.
      return withBilling<TProviderAcceptance>({ providerMessageId: created.sid, status: status === "FAILED" || status === "UNDELIVERED" ? status : "SENT" }, created);
    },

    async fetchStatus(providerMessageId, config, context: TAdapterContext) {
      try {
        const resource = await withSignal(context, () => twilioClient(config, context.baseUrl).messages(providerMessageId).fetch());
        return reportOf(resource);
      } catch (error) {
        if (error instanceof TwilioApiError && error.httpStatus === 404) return null;
        throw error;
      }
    },

    verifyWebhook: (request, config) => verifyTwilioSignature(request, config.authToken),
    parseWebhook: parseTwilioWebhook,
    webhookAnswer: TWILIO_WEBHOOK_ANSWER,
    classifyError: classifyTwilioError,
  };
}
