// Herald's email as Resend's send request: tags that carry the message id, and batch idempotency keys.
import { createHash } from "node:crypto";
import type { CreateEmailOptions } from "resend";
import type { TResendConfig } from "@/server/providers/resend/resend-config";
import type { TEmailMessage } from "@/server/providers/types";

/** Resend's batch endpoint takes at most this many emails per call. */
export const RESEND_MAX_BATCH = 100;

/** Resend tag names and values: ASCII letters, digits, "_" and "-", at most 256 characters. */
export function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256) || "_";
}

export function toResendEmail(message: TEmailMessage, config: TResendConfig): CreateEmailOptions {
  const body = message.html !== null ? { html: message.html, ...(message.text !== null && { text: message.text }) } : { text: message.text ?? "" };
  return {
    from: config.from,
    to: [message.to],
    subject: message.subject,
    ...body,
    ...(config.replyTo && { replyTo: config.replyTo }),
    tags: [
      { name: "message_id", value: tagValue(message.messageId) },
      { name: "trigger", value: tagValue(message.triggerKey) },
    ],
  };
}

/**
 * A batch's Idempotency-Key: its message ids in order, hashed. A retry of the same batch is deduped;
 * a batch of other messages (or the same ones in another order) is a new request to Resend.
 */
export function batchIdempotencyKey(messages: readonly TEmailMessage[]): string {
  const digest = createHash("sha256").update(messages.map((m) => m.messageId).join("\n")).digest("base64url");
  return `batch-${digest}`;
}
