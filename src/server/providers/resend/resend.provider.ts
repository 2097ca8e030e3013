// Resend (email) through its official SDK: send and batch send with idempotency keys, status lookup,
// and Svix-signed webhooks. Config in resend-config.ts, statuses in resend-statuses.ts.
import { callResend } from "@/server/providers/resend/resend-client";
import { RESEND_SECRET_FIELDS, ZResendConfig, type TResendConfig } from "@/server/providers/resend/resend-config";
import { batchIdempotencyKey, RESEND_MAX_BATCH, toResendEmail } from "@/server/providers/resend/resend-email";
import { classifyResendError, ResendApiError } from "@/server/providers/resend/resend-errors";
import { statusOfLastEvent } from "@/server/providers/resend/resend-statuses";
import { parseResendWebhook, verifyResendWebhook } from "@/server/providers/resend/resend-webhook";
import type { EmailProvider, TProvider, TProviderAcceptance } from "@/server/providers/types";

const accepted = (providerMessageId: string): TProviderAcceptance => ({ providerMessageId, status: "SENT" });

export const resendEmailAdapter: EmailProvider<TResendConfig> = {
  provider: "resend",
  channel: "EMAIL",
  configSchema: ZResendConfig,
  secretFields: RESEND_SECRET_FIELDS,
  // Every send carries Idempotency-Key: <Herald message id>; Resend answers a repeat with the first id for 24 hours.
  idempotent: true,
  // Resend's default limit: 2 requests a second per team (a batch of 100 emails is one request).
  defaultRatePerSecond: 2,

  async send(message, config, context) {
    const data = await callResend(config, context, (client) =>
      client.emails.send(toResendEmail(message, config), { idempotencyKey: message.messageId, signal: context.signal }),
    );
    return accepted(data.id);
  },

  async sendBatch(messages, config, context) {
    if (messages.length === 0) return [];
    // One email keeps its own message id as the key, which a later single retry shares.
    if (messages.length === 1) return [await resendEmailAdapter.send(messages[0]!, config, context)];
    if (messages.length > RESEND_MAX_BATCH) {
      throw new ResendApiError({ kind: "permanent", scope: "account", code: "batch_too_large", message: `resend: a batch takes at most ${RESEND_MAX_BATCH} emails, got ${messages.length}` });
    }
    const data = await callResend(
      config,
      context,
      (client) => client.batch.send(messages.map((m) => toResendEmail(m, config)), { idempotencyKey: batchIdempotencyKey(messages), signal: context.signal }),
      { batch: true },
    );
    if (data.data.length !== messages.length) {
      throw new ResendApiError({ kind: "retryable", scope: "account", code: "provider_error", message: `resend: the batch answer has ${data.data.length} ids for ${messages.length} emails` });
    }
    return data.data.map((email) => accepted(email.id));
  },

  async fetchStatus(providerMessageId, config, context) {
    try {
      const email = await callResend(config, context, (client) => client.emails.get(providerMessageId, { signal: context.signal }));
      const status = statusOfLastEvent(email.last_event);
      return status && { providerMessageId, status, at: new Date() };
    } catch (error) {
      if (error instanceof ResendApiError && error.httpStatus === 404) return null;
      throw error;
    }
  },

  verifyWebhook: verifyResendWebhook,
  parseWebhook: parseResendWebhook,
  classifyError: classifyResendError,
};

export const resendProvider: TProvider = {
  id: "resend",
  name: "Resend",
  adapters: { EMAIL: resendEmailAdapter as TProvider["adapters"]["EMAIL"] },
};
