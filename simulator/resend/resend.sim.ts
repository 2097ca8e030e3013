// Resend's email API as the simulator speaks it: POST /emails, POST /emails/batch, GET /emails/:id,
// Bearer API keys, Idempotency-Key, and Svix-signed webhooks per outcome (resend-events.ts).
import { randomUUID } from "node:crypto";
import { bearer } from "../http";
import { outcomeFor } from "../outcomes";
import type { TSimContext, TSimProvider, TSimRequest, TSimResponse } from "../types";
import { sendEmailEvents } from "./resend-events";
import { addressOf, checkEmail, resendError, type TResendEmail, type TResendError } from "./resend-request";
import { resendStoreOf, type TStoredEmail } from "./resend-store";

const MAX_BATCH = 100;
const MAX_IDEMPOTENCY_KEY = 256;

/** Resend's error name for an HTTP status, for injected faults that name none. */
const NAME_BY_STATUS: Record<number, string> = {
  400: "validation_error",
  401: "missing_api_key",
  403: "invalid_api_key",
  404: "not_found",
  405: "method_not_allowed",
  409: "concurrent_idempotent_requests",
  422: "validation_error",
  429: "rate_limit_exceeded",
  451: "security_error",
  500: "internal_server_error",
};

type TAuthorised = { account: string; store: ReturnType<typeof resendStoreOf> };

function authorise(request: TSimRequest, context: TSimContext): TAuthorised | TSimResponse {
  const key = bearer(request.headers.authorization);
  if (!key) return resendError(401, "missing_api_key", "Missing API key in the authorization header.");
  if (!key.startsWith("re_") || context.accounts.get("resend", key)?.disabled) return resendError(403, "invalid_api_key", "API key is invalid.");
  return { account: key, store: resendStoreOf(context) };
}

type TSendStart = TAuthorised & { key: string | null; json: unknown };

/** What both send routes check first: credentials, the Idempotency-Key, a JSON body. */
function startSend(request: TSimRequest, context: TSimContext): TSendStart | TSimResponse {
  const auth = authorise(request, context);
  if ("status" in auth) return auth;
  const header = request.headers["idempotency-key"];
  const key = Array.isArray(header) ? (header[0] ?? "") : header;
  if (key !== undefined && (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY)) {
    return resendError(400, "invalid_idempotency_key", `The key must be between 1-${MAX_IDEMPOTENCY_KEY} chars.`);
  }
  try {
    return { ...auth, key: key ?? null, json: JSON.parse(request.rawBody) };
  } catch {
    return resendError(422, "validation_error", "The request body is not valid JSON.");
  }
}

/** The earlier answer to this Idempotency-Key, sent again without sending anything again. */
function replayed(start: TSendStart): TSimResponse | null {
  if (!start.key) return null;
  const replay = start.store.replay(start.account, start.key, start.json);
  if (replay === "conflict") {
    return resendError(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload. Change your idempotency key or payload.");
  }
  return replay && { status: 200, body: replay.body };
}

type TChecked = { ok: true; email: TResendEmail } | { ok: false; error: TResendError };

/** Resend's own checks, then the address conventions: an "invalid" address is refused like a malformed one. */
function check(input: unknown, batch: boolean): TChecked {
  const checked = checkEmail(input, { batch });
  if (checked.ok && checked.email.to.some((to) => outcomeFor(addressOf(to) ?? to) === "invalid_address")) {
    const message = "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.";
    return { ok: false, error: { statusCode: 422, name: "validation_error", message } };
  }
  return checked;
}

function accept(email: TResendEmail, start: TSendStart, context: TSimContext): TStoredEmail {
  const stored: TStoredEmail = { ...email, id: randomUUID(), account: start.account, createdAt: new Date(), outcome: outcomeFor(addressOf(email.to[0]!) ?? email.to[0]!) };
  start.store.addEmail(stored);
  sendEmailEvents(stored, context.accounts.get("resend", start.account), context);
  return stored;
}

function sendOne(request: TSimRequest, context: TSimContext): TSimResponse {
  const start = startSend(request, context);
  if ("status" in start) return start;
  const replay = replayed(start);
  if (replay) return replay;
  const checked = check(start.json, false);
  if (!checked.ok) return resendError(checked.error.statusCode, checked.error.name, checked.error.message);
  const email = accept(checked.email, start, context);
  const body = { id: email.id };
  if (start.key) start.store.remember(start.account, start.key, start.json, body);
  return { status: 200, body, ledger: { heraldMessageId: email.tags.message_id ?? null, providerMessageId: email.id } };
}

function sendBatch(request: TSimRequest, context: TSimContext): TSimResponse {
  const start = startSend(request, context);
  if ("status" in start) return start;
  const replay = replayed(start);
  if (replay) return replay;
  const items = start.json;
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH) {
    return resendError(422, "validation_error", `The request body must be an array of 1 to ${MAX_BATCH} emails.`);
  }
  const checks = items.map((item) => check(item, true));
  // Strict (the SDK's default) refuses the whole batch for one bad email; permissive sends the rest.
  const permissive = request.headers["x-batch-validation"] === "permissive";
  const firstBad = checks.findIndex((c) => !c.ok);
  if (!permissive && firstBad >= 0) {
    const { error } = checks[firstBad] as Extract<TChecked, { ok: false }>;
    return resendError(error.statusCode, error.name, `emails[${firstBad}]: ${error.message}`);
  }
  const data: { id: string }[] = [];
  const errors: { index: number; message: string }[] = [];
  checks.forEach((checked, index) => {
    if (!checked.ok) {
      errors.push({ index, message: checked.error.message });
      return;
    }
    const email = accept(checked.email, start, context);
    data.push({ id: email.id });
    // The ledger counts sends per Herald message, so each email of the batch is recorded as a send.
    context.ledger.record({
      provider: "resend",
      operation: "send",
      account: start.account,
      heraldMessageId: email.tags.message_id ?? null,
      providerMessageId: email.id,
      method: request.method,
      path: request.path,
      contentType: request.headers["content-type"] ?? null,
      rawBody: JSON.stringify(items[index]),
      httpStatus: 200,
      fault: null,
    });
  });
  const body = permissive ? { data, errors } : { data };
  if (start.key) start.store.remember(start.account, start.key, start.json, body);
  return { status: 200, body };
}

function getEmail(request: TSimRequest, context: TSimContext): TSimResponse {
  const auth = authorise(request, context);
  if ("status" in auth) return auth;
  const email = auth.store.email(auth.account, request.params.id ?? "");
  if (!email) return resendError(404, "not_found", "Email not found");
  return {
    status: 200,
    body: {
      object: "email",
      id: email.id,
      to: email.to,
      from: email.from,
      // Resend's own timestamp format here, unlike the webhooks' ISO 8601.
      created_at: email.createdAt.toISOString().replace("T", " ").replace("Z", "+00"),
      subject: email.subject,
      html: email.html,
      text: email.text,
      bcc: null,
      cc: null,
      reply_to: email.replyTo.length > 0 ? email.replyTo : null,
      last_event: auth.store.lastEvent(email),
      scheduled_at: null,
      tags: Object.entries(email.tags).map(([name, value]) => ({ name, value })),
    },
  };
}

export const resendSim: TSimProvider = {
  id: "resend",
  routes: [
    { method: "POST", pattern: "/emails", operation: "send", handle: sendOne },
    { method: "POST", pattern: "/emails/batch", operation: "send_batch", handle: sendBatch },
    { method: "GET", pattern: "/emails/:id", operation: "status", handle: getEmail },
  ],
  accountOf: (request) => bearer(request.headers.authorization),
  errorResponse(status, code, message) {
    // Injected faults may carry another provider's code ("20429"); Resend's names are words.
    const name = code && /^[a-z_]+$/.test(code) ? code : (NAME_BY_STATUS[status] ?? (status >= 500 ? "application_error" : "validation_error"));
    return resendError(status, name, message);
  },
};
