// The port between Herald and messaging providers: one interface per channel, novu style.
// Adapters get typed config and never read env or the database; the delivery services do that.
import type { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import type { THeaderReader } from "@/server/http/raw-route-form";

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
  /** Herald's reason where the adapter's code table has one for the provider's code, else the provider's code. */
  errorCode?: string;
  /** The provider's own code when errorCode is Herald's reason for it (Twilio 63016 as `template_required`). */
  providerCode?: string;
  errorMessage?: string;
  /** Herald's message id, where the provider hands it back (Twilio's per-message callback URL). */
  heraldMessageId?: string;
  /** Price and units where the provider reports them late (Twilio's callback and lookup). */
  cost?: number;
  currency?: string;
  segments?: number;
};

/** Why an address must not be contacted again on a channel. */
export type TSuppressionReason = "stop_keyword" | "hard_bounce" | "complaint" | "provider_unsubscribed" | "manual";

export type TProviderAcceptance = {
  providerMessageId: string;
  /** Usually SENT (accepted); a provider that answers with a final status may return it. */
  status: TProviderStatus;
  segments?: number;
  /** In `currency`, for this message. */
  cost?: number;
  currency?: string;
  /**
   * Status callbacks the provider has already decided to send (the in-process sandbox simulates its
   * webhook this way); delivery records them exactly as if they had arrived at the webhook.
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
  /** The provider's own error code (Twilio 21610, Unifonic ER-02, ...), kept for the timeline. */
  providerCode?: string;
  /** The failure means the recipient must not be contacted again on this channel (e.g. Twilio 21610). */
  suppress?: TSuppressionReason;
};

/** A webhook call as a route handler received it: the raw body is needed for signatures. */
export type TWebhookRequest = {
  /** The public URL the provider called (Herald's configured base URL, never the Host header). */
  url: string;
  method: string;
  headers: THeaderReader;
  rawBody: string;
};

/**
 * One thing a provider told us in a webhook. `eventKey` identifies it for deduplication: the
 * provider's own event id, or a hash of what makes it unique.
 */
export type TWebhookEvent =
  | { kind: "status"; eventKey: string; report: TStatusReport; suppress?: { address: string; reason: TSuppressionReason } }
  | { kind: "suppress"; eventKey: string; address: string; reason: TSuppressionReason; providerMessageId?: string }
  | { kind: "inbound"; eventKey: string; from: string; to: string; body: string };

/** What an adapter call needs besides the message and config; set by delivery, never by the adapter. */
export type TAdapterContext = {
  /** Aborts the provider call: its timeout, or shutdown. A call aborted this way is retryable. */
  signal: AbortSignal;
  /** The provider's API origin when the platform redirects it (e.g. to the simulator); null for the real host. */
  baseUrl: string | null;
  /**
   * Herald's webhook URL for this account, for providers that take a callback URL per message. For a
   * "path-token" adapter it ends with the account's token, so it is a credential: never log it.
   */
  webhookUrl: string;
  /** Hosts the platform lets generic HTTP vendors be called on (GENERIC_HTTP_ALLOWED_HOSTS); a platform setting, never a lab's. */
  allowedHosts?: readonly string[];
};

/**
 * How a provider's callbacks prove they are the provider's. "signature": the request is signed with
 * the account's secret (verifyWebhook). "path-token": the provider signs nothing, so the account's
 * webhook URL carries an unguessable token (Herald issues and rotates it); a call without the current
 * token is answered 404 before the adapter sees it.
 */
export type TWebhookAuth = "signature" | "path-token";

/** A provider's subscription check (Meta's GET hub.challenge handshake), as the route received it. */
export type TWebhookVerification = { query: URLSearchParams };

export interface ChannelAdapter<TChannel extends Channel, TConfig> {
  readonly provider: string;
  readonly channel: TChannel;
  readonly configSchema: z.ZodType<TConfig>;
  /** Config fields that are credentials: never returned, kept on update when omitted. */
  readonly secretFields: readonly string[];
  /** Whether the provider dedupes a repeated send of the same Herald message id (an idempotency key). */
  readonly idempotent: boolean;
  /** Per-call timeout; delivery's default when unset. */
  readonly timeoutMs?: number;
  /**
   * The provider's documented request rate for one account, which an account's own setting
   * replaces; unset where the provider queues what it cannot send at once (Twilio).
   */
  readonly defaultRatePerSecond?: number;
  /** Throws on failure (ideally a ProviderError); classifyError decides what the failure means. */
  send(message: TOutgoingMessage[TChannel], config: TConfig, context: TAdapterContext): Promise<TProviderAcceptance>;
  /**
   * Several messages in one provider call (Resend's batch endpoint), answered in order. Either every
   * message is accepted or the call throws for all of them.
   */
  sendBatch?(messages: TOutgoingMessage[TChannel][], config: TConfig, context: TAdapterContext): Promise<TProviderAcceptance[]>;
  /** Present when the provider's API has a status lookup. Null when the provider does not know the id. */
  fetchStatus?(providerMessageId: string, config: TConfig, context: TAdapterContext): Promise<TStatusReport | null>;
  /** "signature" when unset. */
  readonly webhookAuth?: TWebhookAuth;
  /** True when the request carries this account's valid signature (and, where signed, a fresh timestamp). Signed adapters only. */
  verifyWebhook?(request: TWebhookRequest, config: TConfig, now: Date): boolean | Promise<boolean>;
  /**
   * A provider that checks a webhook URL before using it (Meta: GET with hub.mode, hub.verify_token and
   * hub.challenge): the body to answer with, or null when the check is not this account's (then 403).
   */
  answerVerification?(verification: TWebhookVerification, config: TConfig): string | null;
  /**
   * What a verified webhook call says; events we do not track are left out. Throws on a malformed body.
   * The config is for providers whose callback shape an account configures (Pinnacle, generic HTTP).
   */
  parseWebhook?(request: TWebhookRequest, config?: TConfig): TWebhookEvent[];
  /** The body a provider expects in answer to its webhook (Twilio: empty TwiML); an empty 200 otherwise. */
  webhookAnswer?: { contentType: string; body: string };
  classifyError(error: unknown): TClassifiedError;
}

export type SmsProvider<TConfig> = ChannelAdapter<"SMS", TConfig>;
export type WhatsAppProvider<TConfig> = ChannelAdapter<"WHATSAPP", TConfig>;
export type EmailProvider<TConfig> = ChannelAdapter<"EMAIL", TConfig>;

/** Any channel's adapter; callers validate config with its own configSchema before calling it. */
export type AnyChannelAdapter = ChannelAdapter<Channel, unknown>;

/** One provider (one folder per provider): the adapters of the channels it serves. */
export type TProvider = {
  id: string;
  name: string;
  adapters: { [C in Channel]?: ChannelAdapter<C, unknown> };
};
