// SendGrid v3 as the simulator speaks it: Mail Send with Bearer API keys, SendGrid's error shapes,
// and signed Event Webhook calls to the account's webhookUrl; the verification key is served as
// SendGrid's API serves it.
import { bearer } from "../http";
import { outcomeFor } from "../outcomes";
import type { TSimAccount, TSimContext, TSimProvider, TSimRequest, TSimResponse } from "../types";
import { scheduleEvents, sendGridId } from "./sendgrid-events";
import { validateMailSend, type TMailSendBody, type TSendGridError } from "./sendgrid-mail-request";
import { publicKeyBase64, signingKeyFor } from "./sendgrid-signing-key";

const API_KEY = /^SG\.[\w-]+\.[\w-]+$/;
// SendGrid's limit for a whole message, attachments included.
const MAX_BODY_BYTES = 30 * 1024 * 1024;

const UNAUTHORIZED: TSimResponse = {
  status: 401,
  body: { errors: [{ message: "The provided authorization grant is invalid, expired, or revoked", field: null, help: null }] },
};
const SENDER_NOT_VERIFIED: TSendGridError = {
  message:
    "The from address does not match a verified Sender Identity. Mail cannot be sent until this error is resolved. Visit https://sendgrid.com/docs/for-developers/sending-email/sender-identity/ to see the Sender Identity requirements",
  field: "from",
  help: null,
};

const errors = (status: number, list: TSendGridError[]): TSimResponse => ({ status, body: { errors: list } });

function apiKeyOf(request: TSimRequest): string | null {
  const header = request.headers.authorization;
  return bearer(Array.isArray(header) ? header[0] : header);
}

/** The account a request authenticates as, or SendGrid's 401. Unregistered keys of the right shape are accepted. */
function authenticate(request: TSimRequest, context: TSimContext): { apiKey: string; account: TSimAccount } | TSimResponse {
  const apiKey = apiKeyOf(request);
  if (!apiKey || !API_KEY.test(apiKey)) return UNAUTHORIZED;
  const account = context.accounts.get("sendgrid", apiKey);
  if (account?.disabled) return UNAUTHORIZED;
  return { apiKey, account: account ?? { provider: "sendgrid", id: apiKey } };
}

function heraldMessageIdOf(body: TMailSendBody): string | null {
  return body.personalizations[0]?.custom_args?.herald_message_id ?? body.custom_args?.herald_message_id ?? null;
}

/** The local part "unverified" stands for a sender that is not a verified Sender Identity. */
function isUnverifiedSender(email: string): boolean {
  return email.toLowerCase().startsWith("unverified@");
}

function mailSend(request: TSimRequest, context: TSimContext): TSimResponse {
  const auth = authenticate(request, context);
  if ("status" in auth) return auth;
  if (!/^application\/json\b/i.test(String(request.headers["content-type"] ?? ""))) {
    return errors(400, [{ message: "Content-Type should be application/json.", field: null, help: null }]);
  }
  if (Buffer.byteLength(request.rawBody) > MAX_BODY_BYTES) {
    return errors(413, [{ message: "The size of the email, including attachments, exceeds the 30 MB limit.", field: null, help: null }]);
  }
  const validation = validateMailSend(request.rawBody);
  if (!validation.ok) return errors(400, validation.errors);
  const body = validation.body;
  if (isUnverifiedSender(body.from.email)) return errors(403, [SENDER_NOT_VERIFIED]);

  const recipients = body.personalizations.flatMap((p, pi) => p.to.map((to, ti) => ({ to, field: `personalizations.${pi}.to.${ti}.email`, customArgs: p.custom_args })));
  const invalid = recipients.filter((r) => outcomeFor(r.to.email) === "invalid_address");
  if (invalid.length > 0) {
    return errors(
      400,
      invalid.map((r) => ({ message: "Does not contain a valid address.", field: r.field, help: "http://sendgrid.com/docs/API_Reference/Web_API_v3/Mail/errors.html#message.personalizations.to" })),
    );
  }

  const messageId = sendGridId();
  const heraldMessageId = heraldMessageIdOf(body);
  recipients.forEach((recipient, index) => {
    const outcome = outcomeFor(recipient.to.email);
    if (outcome === "invalid_address") return;
    const customArgs = { ...body.custom_args, ...recipient.customArgs };
    scheduleEvents(
      { account: auth.account, apiKey: auth.apiKey, messageId, index, email: recipient.to.email, customArgs, heraldMessageId: customArgs.herald_message_id ?? heraldMessageId },
      outcome,
      context,
    );
  });
  return { status: 202, headers: { "x-message-id": messageId }, ledger: { heraldMessageId, providerMessageId: messageId } };
}

function signedWebhookSettings(request: TSimRequest, context: TSimContext): TSimResponse {
  const auth = authenticate(request, context);
  if ("status" in auth) return auth;
  return { status: 200, body: { enabled: true, public_key: publicKeyBase64(signingKeyFor(auth.account)) } };
}

export const sendgridSim: TSimProvider = {
  id: "sendgrid",
  routes: [
    { method: "POST", pattern: "/v3/mail/send", operation: "send", handle: mailSend },
    { method: "GET", pattern: "/v3/user/webhooks/event/settings/signed", operation: "webhook_settings", handle: signedWebhookSettings },
  ],
  accountOf: apiKeyOf,
  errorResponse: (status, _code, message) => errors(status, [{ message, field: null, help: null }]),
};
