// The port between Herald and messaging providers: one interface per channel, novu style.
// Adapters get typed config and never read env or the database; the delivery services do that.
import type { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";

/** Statuses a provider can report for a message it accepted, already mapped onto ours. */
export type TProviderStatus = "SENT" | "DELIVERED" | "READ" | "UNDELIVERED" | "FAILED";

type TOutgoingBase = {
  /** Herald's message id: unique per message, so adapters pass it as the provider's idempotency key where there is one. */
  messageId: string;
  /** E.164 for SMS and WhatsApp, an email address for email. */
  to: string;
  /** The trigger that produced the message, for provider tags (and the sandbox's per-template rules). */
  triggerKey: string;
};

export type TSmsMessage = TOutgoingBase & {
  body: string;
  /** Our own segment count, when the send flow computed one; providers report theirs. */
  segments: number | null;
};

/** A WhatsApp provider template: a template name (Meta, Interakt, ...) or a Twilio ContentSid, and its ordered parameters. */
export type TWhatsAppTemplate = {
  name: string | null;
  contentSid: string | null;
  language: string | null;
  parameters: string[];
};

export type TWhatsAppMessage = TOutgoingBase & {
  /** Session (free-form) text; null when only the template applies. */
  body: string | null;
  template: TWhatsAppTemplate | null;
};

export type TEmailMessage = TOutgoingBase & {
  subject: string;
  html: string | null;
  text: string | null;
};

export type TOutgoingMessage = {
  SMS: TSmsMessage;
  WHATSAPP: TWhatsAppMessage;
  EMAIL: TEmailMessage;
};

/** A status the provider reports for one of its messages (webhook, status lookup, or at send time). */
export type TStatusReport = {
  providerMessageId: string;
  status: TProviderStatus;
  at: Date;
  errorCode?: string;
  errorMessage?: string;
};

export type TSendResult = {
  providerMessageId: string;
  /** Usually SENT (accepted); a provider that answers with a final status may return it. */
  status: TProviderStatus;
  segments?: number;
  /** In `currency`, for this message. */
  cost?: number;
  currency?: string;
  /**
   * Status callbacks the provider has already decided to send (the sandbox simulates its webhook
   * this way); delivery records them exactly as if they had arrived at the webhook.
   */
  callbacks?: TStatusReport[];
};

/**
 * What a failure means for delivery. retryable: try this account again later. permanent with scope
 * "recipient": no account can help (invalid number, unsubscribed, rejected content). permanent with
 * scope "account": this account cannot send (bad credentials, no funds), so fail over.
 */
export type TClassifiedError = {
  kind: "retryable" | "permanent";
  scope: "recipient" | "account";
  code: string;
  message: string;
  httpStatus?: number;
  retryAfterMs?: number;
};

/** A webhook call as a route handler received it: the raw body is needed for signatures. */
export type TWebhookRequest = {
  url: string;
  headers: Headers;
  rawBody: string;
};

export interface ChannelAdapter<TChannel extends Channel, TConfig> {
  readonly provider: string;
  readonly channel: TChannel;
  readonly configSchema: z.ZodType<TConfig>;
  /** Throws on failure (ideally a ProviderError); classifyError decides what the failure means. */
  send(message: TOutgoingMessage[TChannel], config: TConfig): Promise<TSendResult>;
  /** Present when the provider's API has a status lookup. Null when the provider does not know the id. */
  fetchStatus?(providerMessageId: string, config: TConfig): Promise<TStatusReport | null>;
  /** True when the request carries this account's valid signature. */
  verifyWebhook?(request: TWebhookRequest, config: TConfig): Promise<boolean>;
  /** The statuses in a verified webhook call; events we do not track are left out. */
  parseWebhook?(request: TWebhookRequest): TStatusReport[];
  classifyError(error: unknown): TClassifiedError;
}

export type SmsProvider<TConfig> = ChannelAdapter<"SMS", TConfig>;
export type WhatsAppProvider<TConfig> = ChannelAdapter<"WHATSAPP", TConfig>;
export type EmailProvider<TConfig> = ChannelAdapter<"EMAIL", TConfig>;

/** Any channel's adapter; callers validate config with its own configSchema before calling it. */
export type AnyChannelAdapter = ChannelAdapter<Channel, unknown>;

/** One provider (one file per provider): the adapters of the channels it serves. */
export type TProvider = {
  id: string;
  name: string;
  adapters: { [C in Channel]?: ChannelAdapter<C, unknown> };
};
