// Bevatel's developer API as the simulator speaks it: `api_account_id` / `api_access_token` headers,
// POST /messages with a WhatsApp template, answers and unsigned webhooks shaped as Chatwoot's (what
// Herald assumes of Bevatel, see src/server/providers/bevatel/bevatel-statuses.ts), to the account's
// token-addressed webhook URL.
import { z } from "zod";
import { jsonCallback, type TStatusStep } from "../json-callbacks";
import { LATE_DELIVERY_MS, outcomeFor } from "../outcomes";
import type { TSimAccount, TSimContext, TSimInbound, TSimProvider, TSimRequest, TSimResponse } from "../types";

const fail = (status: number, message: string): TSimResponse => ({ status, body: { error: message } });

const ZBody = z.strictObject({
  inbox_id: z.number().int().positive(),
  contact: z.strictObject({ phone_number: z.string().regex(/^\+\d{8,15}$/, "phone_number must be E.164") }),
  message: z.strictObject({
    template: z.strictObject({ name: z.string().min(1), language: z.string().min(2), processed_params: z.record(z.string().regex(/^\d+$/), z.string()).optional() }),
  }),
  additional_attributes: z.record(z.string(), z.string()).optional(),
});

const header = (request: TSimRequest, name: string) => {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
};

let nextId = 1_000;

const STEPS: Record<string, TStatusStep[]> = {
  deliver: [{ status: "delivered" }, { status: "read" }],
  transient: [{ status: "delivered" }],
  undeliverable: [{ status: "failed", error: { code: "131026", reason: "Message undeliverable" } }],
  unsubscribed: [{ status: "failed", error: { code: "131050", reason: "The user has stopped receiving messages from this business" } }],
};

function callbacks(account: TSimAccount, id: number, heraldMessageId: string | null, steps: TStatusStep[]) {
  return steps.map((step) =>
    jsonCallback({
      url: account.webhookUrl!,
      label: `bevatel:${step.status}`,
      heraldMessageId,
      userAgent: "Bevatel-Webhook",
      payload: () => ({
        event: "message_updated",
        id,
        message_type: "outgoing",
        status: step.status,
        content_attributes: step.error ? { external_error: `(#${step.error.code}) ${step.error.reason}` } : {},
        created_at: Math.floor(Date.now() / 1000),
      }),
    }),
  );
}

function send(request: TSimRequest, context: TSimContext): TSimResponse {
  const accountId = header(request, "api_account_id");
  const token = header(request, "api_access_token");
  const account = accountId ? context.accounts.get("bevatel", accountId) : undefined;
  if (!accountId || !token || account?.disabled || (account?.secret && account.secret !== token)) return fail(401, "Invalid Access Token");
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    return fail(400, "Invalid JSON");
  }
  const parsed = ZBody.safeParse(json);
  if (!parsed.success) return fail(422, parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const body = parsed.data;
  const outcome = outcomeFor(body.contact.phone_number);
  if (outcome === "invalid_address") return fail(422, "phone_number is not a valid WhatsApp number");
  const id = nextId++;
  const heraldMessageId = body.additional_attributes?.herald_message_id ?? null;
  if (account?.webhookUrl) {
    if (outcome === "late") {
      setTimeout(() => context.callbacks.sequence("bevatel", accountId, callbacks(account, id, heraldMessageId, [{ status: "delivered" }])), LATE_DELIVERY_MS).unref();
    } else {
      context.callbacks.sequence("bevatel", accountId, callbacks(account, id, heraldMessageId, STEPS[outcome] ?? STEPS.deliver!));
    }
  }
  return {
    status: 200,
    body: { id, content: null, inbox_id: body.inbox_id, message_type: 1, content_type: "text", status: "sent", created_at: Math.floor(Date.now() / 1000) },
    ledger: { heraldMessageId, providerMessageId: String(id) },
  };
}

async function inbound(input: TSimInbound, context: TSimContext): Promise<void> {
  const account = context.accounts.get("bevatel", input.account);
  if (!account?.webhookUrl) throw new Error(`bevatel account ${input.account} has no webhookUrl`);
  const id = nextId++;
  context.callbacks.send(
    jsonCallback({
      url: account.webhookUrl,
      label: "bevatel:message_created",
      heraldMessageId: null,
      userAgent: "Bevatel-Webhook",
      payload: () => ({ event: "message_created", id, message_type: "incoming", content: input.body, sender: { phone_number: input.from }, created_at: Math.floor(Date.now() / 1000) }),
    }),
  );
}

export const bevatelSim: TSimProvider = {
  id: "bevatel",
  routes: [{ method: "POST", pattern: "/messages", operation: "send", handle: send }],
  accountOf: (request) => header(request, "api_account_id"),
  errorResponse: (status, _code, message) => fail(status, message),
  inbound,
};
