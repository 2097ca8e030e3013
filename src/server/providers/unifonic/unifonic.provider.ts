// Unifonic (Saudi Arabia), SMS: form POST /rest/SMS/messages with the application's AppSid, the
// status lookup GetMessagesDetails by MessageID, and unsigned DLR callbacks on a token-addressed URL.
import { ProviderError } from "@/server/providers/provider-error";
import { numberOf, unifonicRecipient, unifonicRequest, type TUnifonicCall } from "@/server/providers/unifonic/unifonic-client";
import { UNIFONIC_SECRET_FIELDS, ZUnifonicConfig, type TUnifonicConfig } from "@/server/providers/unifonic/unifonic-config";
import { classifyUnifonicFailure } from "@/server/providers/unifonic/unifonic-errors";
import { mapUnifonicStatus } from "@/server/providers/unifonic/unifonic-statuses";
import { parseUnifonicWebhook } from "@/server/providers/unifonic/unifonic-webhook";
import type { ChannelAdapter, SmsProvider, TProvider, TStatusReport } from "@/server/providers/types";

type TSendData = { MessageID?: unknown; Status?: unknown; NumberOfUnits?: unknown; Cost?: unknown; CurrencyCode?: unknown };
type TDetails = { messages?: { MessageID?: unknown; DLR?: unknown; Status?: unknown; NumberOfUnits?: unknown; Cost?: unknown; DateSent?: unknown; DateCreated?: unknown }[]; CurrencyCode?: unknown };

const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value.trim() : undefined);
const call = (config: TUnifonicConfig, context: { baseUrl: string | null; signal: AbortSignal }): TUnifonicCall => ({ appSid: config.appSid, baseUrl: context.baseUrl, signal: context.signal });

export const unifonicSmsAdapter: SmsProvider<TUnifonicConfig> = {
  provider: "unifonic",
  channel: "SMS",
  configSchema: ZUnifonicConfig,
  secretFields: UNIFONIC_SECRET_FIELDS,
  // CorrelationID is only echoed back, not deduplicated: a repeated send is a second SMS.
  idempotent: false,
  webhookAuth: "path-token",

  async send(message, config, context) {
    let data: TSendData;
    try {
      data = ((await unifonicRequest(call(config, context), "/rest/SMS/messages", {
        SenderID: config.senderId,
        Recipient: unifonicRecipient(message.to),
        Body: message.body,
        CorrelationID: message.messageId,
        statusCallback: context.webhookUrl,
      })) ?? {}) as TSendData;
    } catch (error) {
      throw new ProviderError(classifyUnifonicFailure(error, config.appSid));
    }
    const providerMessageId = numberOf(data.MessageID) !== undefined ? String(data.MessageID) : undefined;
    if (!providerMessageId) {
      // Accepted, so sending again would be a second SMS; without the id no DLR can be matched.
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "missing_message_id", message: "Unifonic accepted the message without a MessageID" });
    }
    const segments = numberOf(data.NumberOfUnits);
    const cost = numberOf(data.Cost);
    const currency = text(data.CurrencyCode);
    return {
      providerMessageId,
      status: mapUnifonicStatus(text(data.Status)) ?? "SENT",
      // Unifonic answers 0 units and 0 cost while a message is queued: only a real count is recorded.
      ...(segments && { segments }),
      ...(cost !== undefined && currency && { cost, currency }),
    };
  },

  async fetchStatus(providerMessageId, config, context): Promise<TStatusReport | null> {
    let data: TDetails;
    try {
      data = ((await unifonicRequest(call(config, context), "/rest/SMS/Messages/GetMessagesDetails", { MessageID: providerMessageId })) ?? {}) as TDetails;
    } catch (error) {
      const classified = classifyUnifonicFailure(error, config.appSid);
      // Unifonic answers an id it does not know with a refusal about the recipient, not a 404.
      if (classified.kind === "permanent" && classified.scope === "recipient") return null;
      throw new ProviderError(classified);
    }
    const found = data.messages?.find((m) => String(m.MessageID) === providerMessageId);
    const status = found && mapUnifonicStatus(text(found.DLR) ?? text(found.Status));
    if (!found || !status) return null;
    const failed = status === "UNDELIVERED" || status === "FAILED";
    const at = new Date(`${(text(found.DateSent) ?? text(found.DateCreated) ?? "").replace(" ", "T")}Z`);
    const segments = numberOf(found.NumberOfUnits);
    const cost = numberOf(found.Cost);
    const currency = text(data.CurrencyCode);
    return {
      providerMessageId,
      status,
      at: Number.isNaN(at.getTime()) ? new Date() : at,
      ...(failed && { errorCode: text(found.DLR) ?? text(found.Status) }),
      ...(segments && { segments }),
      ...(cost && currency && { cost, currency }),
    };
  },

  parseWebhook: (request) => parseUnifonicWebhook(request),

  classifyError: (error) => classifyUnifonicFailure(error),
};

export const unifonicProvider: TProvider = {
  id: "unifonic",
  name: "Unifonic",
  adapters: { SMS: unifonicSmsAdapter as ChannelAdapter<"SMS", unknown> },
};
