// Resend's send request as Resend validates it: its 422 answers name the field that is wrong.
import { z } from "zod";
import type { TSimResponse } from "../types";

export type TResendError = { statusCode: number; name: string; message: string };

export function resendError(statusCode: number, name: string, message: string): TSimResponse {
  return { status: statusCode, body: { statusCode, name, message } satisfies TResendError };
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAMED = /^[^<>]*<\s*([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)\s*>$/;
const TAG = /^[A-Za-z0-9_-]{1,256}$/;
const MAX_RECIPIENTS = 50;

/** "Name <a@b.c>" or "a@b.c" -> "a@b.c"; null when it is neither. */
export function addressOf(value: string): string | null {
  const trimmed = value.trim();
  if (ADDRESS.test(trimmed)) return trimmed;
  return NAMED.exec(trimmed)?.[1] ?? null;
}

const ZAddresses = z.union([z.string(), z.array(z.string())]);

// Loose on purpose: each field's problems are reported in Resend's words below, not zod's.
const ZSendBody = z.looseObject({
  from: z.unknown().optional(),
  to: z.unknown().optional(),
  subject: z.unknown().optional(),
  html: z.string().optional(),
  text: z.string().optional(),
  template: z.object({ id: z.string().min(1) }).loose().optional(),
  reply_to: ZAddresses.optional(),
  cc: ZAddresses.optional(),
  bcc: ZAddresses.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  tags: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  scheduled_at: z.string().optional(),
  attachments: z.array(z.unknown()).optional(),
  topic_id: z.string().optional(),
});

export type TResendEmail = {
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  replyTo: string[];
  /** Tags as Resend's webhooks carry them: name -> value. */
  tags: Record<string, string>;
};

type TChecked = { ok: true; email: TResendEmail } | { ok: false; error: TResendError };

const fail = (statusCode: number, name: string, message: string): TChecked => ({ ok: false, error: { statusCode, name, message } });
const invalidAddress = (field: string) =>
  fail(422, "validation_error", `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`);

/** One email of a send or batch request, checked in the order Resend reports problems. */
export function checkEmail(input: unknown, options: { batch: boolean }): TChecked {
  const parsed = ZSendBody.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? "body");
    return fail(422, "validation_error", `Invalid \`${field}\` field: ${parsed.error.issues[0]?.message ?? "unexpected value"}.`);
  }
  const body = parsed.data;
  for (const field of ["from", "to", "subject"] as const) {
    if (body[field] === undefined || body[field] === null || body[field] === "") return fail(422, "missing_required_field", `Missing \`${field}\` field.`);
  }
  if (typeof body.from !== "string" || !addressOf(body.from)) return invalidAddress("from");
  if (typeof body.subject !== "string") return fail(422, "validation_error", "Invalid `subject` field: expected a string.");
  const to = typeof body.to === "string" ? [body.to] : body.to;
  if (!Array.isArray(to) || to.length === 0 || !to.every((a) => typeof a === "string" && addressOf(a))) return invalidAddress("to");
  if (to.length > MAX_RECIPIENTS) return fail(422, "validation_error", `Too many recipients in the \`to\` field: at most ${MAX_RECIPIENTS}.`);
  if (body.html === undefined && body.text === undefined && body.template === undefined) {
    return fail(422, "missing_required_field", "Missing `html` or `text` field.");
  }
  const replyTo = body.reply_to === undefined ? [] : typeof body.reply_to === "string" ? [body.reply_to] : body.reply_to;
  if (!replyTo.every((a) => addressOf(a))) return invalidAddress("reply_to");
  if (!(body.tags ?? []).every((t) => TAG.test(t.name) && TAG.test(t.value))) {
    return fail(422, "validation_error", "Invalid `tags` field. Tag names and values may only contain ASCII letters, numbers, underscores or dashes, at most 256 characters.");
  }
  if (options.batch && (body.attachments !== undefined || body.scheduled_at !== undefined)) {
    return fail(422, "validation_error", `The \`${body.attachments !== undefined ? "attachments" : "scheduled_at"}\` field is not supported in batch emails.`);
  }
  return {
    ok: true,
    email: {
      from: body.from,
      to: to as string[],
      subject: body.subject,
      html: body.html ?? null,
      text: body.text ?? null,
      replyTo,
      tags: Object.fromEntries((body.tags ?? []).map((t) => [t.name, t.value])),
    },
  };
}
