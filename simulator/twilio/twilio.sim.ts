// Twilio Programmable Messaging (SMS and WhatsApp): create and fetch Messages, status callbacks, inbound messages.
import { outcomeFor } from "../outcomes";
import type { TSimProvider, TSimRoute } from "../types";
import { authenticate } from "./twilio-auth";
import { deliverInbound, scheduleStatusCallbacks } from "./twilio-callbacks";
import { requestId, twilioError } from "./twilio-errors";
import { parseCreateMessageForm } from "./twilio-form";
import { API_VERSION, createMessage, messageResource, SESSION_MS, sessionKey, stateOf } from "./twilio-messages";

const MESSAGES = `/${API_VERSION}/Accounts/:AccountSid/Messages.json`;
const MESSAGE = `/${API_VERSION}/Accounts/:AccountSid/Messages/:Sid.json`;
const ACCOUNT_IN_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/`);

const createRoute: TSimRoute = {
  method: "POST",
  pattern: MESSAGES,
  operation: "send",
  handle(request, context) {
    const auth = authenticate(request, context.accounts);
    if (!auth.ok) return auth.response;
    const parsed = parseCreateMessageForm(request.headers["content-type"], request.rawBody);
    if (!parsed.ok) return twilioError(parsed.error.status, parsed.error.code, parsed.error.message);
    const form = { ...parsed.form, To: parsed.form.To! };
    const outcome = outcomeFor(form.To);
    if (outcome === "invalid_address") return twilioError(400, 21211, `The 'To' number ${form.To} is not a valid phone number.`);
    if (outcome === "unsubscribed") return twilioError(400, 21610, "Attempt to send to unsubscribed recipient");
    const state = stateOf(context);
    const openedAt = state.sessions.get(sessionKey(auth.accountSid, form.To));
    const sessionOpen = openedAt !== undefined && Date.now() - openedAt < SESSION_MS;
    const message = createMessage(state, { form, accountSid: auth.accountSid, signingToken: auth.signingToken, outcome, sessionOpen });
    scheduleStatusCallbacks(message, context);
    return {
      status: 201,
      headers: { "twilio-request-id": requestId() },
      body: messageResource(message),
      ledger: { heraldMessageId: message.heraldMessageId, providerMessageId: message.sid },
    };
  },
};

const fetchRoute: TSimRoute = {
  method: "GET",
  pattern: MESSAGE,
  operation: "status",
  handle(request, context) {
    const auth = authenticate(request, context.accounts);
    if (!auth.ok) return auth.response;
    const message = stateOf(context).messages.get(request.params.Sid ?? "");
    if (!message || message.accountSid !== auth.accountSid) return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
    return { status: 200, headers: { "twilio-request-id": requestId() }, body: messageResource(message), ledger: { heraldMessageId: message.heraldMessageId, providerMessageId: message.sid } };
  },
};

export const twilioSim: TSimProvider = {
  id: "twilio",
  routes: [createRoute, fetchRoute],
  accountOf: (request) => request.params.AccountSid ?? ACCOUNT_IN_PATH.exec(request.path)?.[1] ?? null,
  errorResponse: twilioError,
  inbound: deliverInbound,
};
