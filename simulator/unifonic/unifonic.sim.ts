// Unifonic SMS as the simulator speaks it: form (or query) POSTs authenticated by AppSid, answers
// {success, message, errorCode, data} with ER-xx codes and the HTTP statuses its spec lists, the
// GetMessagesDetails lookup, and unsigned DLR callbacks to the statusCallback a send named.
import { outcomeFor } from "../outcomes";
import type { TSimContext, TSimProvider, TSimRequest, TSimResponse } from "../types";
import { CURRENCY, PRICE_PER_UNIT, createUnifonicMessage, dlrOf, messageDetails, unifonicState, unifonicTime, type TUnifonicMessage } from "./unifonic-messages";

function answer(status: number, success: boolean, errorCode: string | null, message: string, data: unknown = null): TSimResponse {
  return { status, body: { success: success ? "true" : "false", message, errorCode: errorCode ?? "", data } };
}

const refusal = (status: number, code: string | undefined, message: string) => answer(status, false, code ?? null, message);

/** Form body and query string together, as Unifonic reads its parameters from either. */
function paramsOf(request: TSimRequest): URLSearchParams {
  const params = new URLSearchParams(request.query);
  if (/application\/x-www-form-urlencoded/i.test(String(request.headers["content-type"] ?? ""))) {
    for (const [key, value] of new URLSearchParams(request.rawBody)) params.set(key, value);
  }
  return params;
}

function authenticate(params: URLSearchParams, context: TSimContext): { appSid: string; senders: string[] | null } | TSimResponse {
  const appSid = params.get("AppSid");
  if (!appSid) return refusal(401, undefined, "Authentication failed: AppSid is required");
  const account = context.accounts.get("unifonic", appSid);
  if (account?.disabled) return refusal(401, undefined, "Authentication failed");
  return { appSid, senders: account?.senders ?? null };
}

function send(request: TSimRequest, context: TSimContext): TSimResponse {
  const params = paramsOf(request);
  const auth = authenticate(params, context);
  if ("status" in auth) return auth;
  const senderId = params.get("SenderID") ?? "";
  const recipient = params.get("Recipient") ?? "";
  const body = params.get("Body") ?? "";
  if (!body) return refusal(449, undefined, "Message body is empty");
  if (!senderId || (auth.senders && !auth.senders.includes(senderId))) return refusal(480, "ER-08", "This user cannot use specified SenderID");
  // International format without "+" or "00", digits only.
  if (!/^[1-9]\d{7,14}$/.test(recipient) || outcomeFor(recipient) === "invalid_address") return refusal(482, "ER-03", "Invalid dest num");
  const message = createUnifonicMessage(context, {
    appSid: auth.appSid,
    senderId,
    recipient,
    body,
    correlationId: params.get("CorrelationID"),
    statusCallback: params.get("statusCallback"),
    outcome: outcomeFor(recipient),
  });
  scheduleDlr(message, context);
  const data = {
    MessageID: Number(message.id),
    CorrelationID: message.correlationId ?? "",
    Status: "Sent",
    NumberOfUnits: message.units,
    Cost: Number((message.units * PRICE_PER_UNIT).toFixed(4)),
    Balance: 1000,
    Recipient: recipient,
    TimeCreated: unifonicTime(message.createdAt),
    CurrencyCode: CURRENCY,
  };
  return { ...answer(200, true, "ER-00", "", data), ledger: { heraldMessageId: message.correlationId, providerMessageId: message.id } };
}

function details(request: TSimRequest, context: TSimContext): TSimResponse {
  const params = paramsOf(request);
  const auth = authenticate(params, context);
  if ("status" in auth) return auth;
  const id = params.get("MessageID");
  const messages = [...unifonicState(context).messages.values()].filter((m) => m.appSid === auth.appSid && (!id || m.id === id));
  const data = { messages: messages.slice(0, 100).map(messageDetails), CurrencyCode: CURRENCY, TotalTextMessages: messages.length, Next: "", Prev: "" };
  const found = messages[0];
  return { ...answer(200, true, "ER-00", "", data), ...(found && { ledger: { heraldMessageId: found.correlationId, providerMessageId: found.id } }) };
}

/** The DLR as Unifonic posts it: form-encoded MessageID, DLR and Recipient, unsigned. */
export function dlrBody(message: TUnifonicMessage, status = dlrOf(message)): string {
  return new URLSearchParams({ MessageID: message.id, DLR: status, Recipient: message.recipient }).toString();
}

function scheduleDlr(message: TUnifonicMessage, context: TSimContext): void {
  const url = message.statusCallback;
  if (!url || !message.dlr.callback) return;
  context.callbacks.sequence("unifonic", message.appSid, [
    {
      url,
      label: `unifonic:${message.dlr.status}`,
      heraldMessageId: message.correlationId,
      build: () => {
        message.reportedAt ??= new Date();
        return { headers: { "content-type": "application/x-www-form-urlencoded" }, body: dlrBody(message, message.dlr.status) };
      },
    },
  ]);
}

export const unifonicSim: TSimProvider = {
  id: "unifonic",
  routes: [
    { method: "POST", pattern: "/rest/SMS/messages", operation: "send", handle: send },
    { method: "POST", pattern: "/rest/SMS/Messages/GetMessagesDetails", operation: "status", handle: details },
  ],
  accountOf: (request) => paramsOf(request).get("AppSid"),
  errorResponse: refusal,
};
