// The WhatsApp Cloud API as the simulator speaks it: POST /{version}/{phone-number-id}/messages with
// a Bearer token, Graph API error bodies, and statuses and inbound messages posted to the account's
// webhook, signed with its app secret. As Meta does, free text outside the 24-hour session is
// accepted and then failed with 131047, and an unreachable number fails with 131026.
import { createHmac, randomBytes } from "node:crypto";
import { bearer } from "../http";
import { outcomeFor } from "../outcomes";
import type { TSimAccount, TSimContext, TSimInbound, TSimProvider, TSimRequest, TSimResponse } from "../types";

type TStatus = { status: "sent" | "delivered" | "read" | "failed"; error?: { code: number; title: string } };
const SESSION_MS = 24 * 3_600_000;
const sessions = new WeakMap<TSimContext, Map<string, number>>();
const sessionsOf = (context: TSimContext) => sessions.get(context) ?? sessions.set(context, new Map()).get(context)!;

export function graphError(status: number, code: string | number | undefined, message: string, details?: string): TSimResponse {
  // The server's own rate-limit fault names no Graph code: Meta's throughput limit is 130429.
  const numeric = status === 429 ? 130429 : Number(code ?? (status === 401 ? 190 : 131000));
  const error = { message, type: "OAuthException", code: Number.isFinite(numeric) ? numeric : 131000, ...(details && { error_data: { messaging_product: "whatsapp", details } }) };
  return { status, body: { error: { ...error, fbtrace_id: randomBytes(8).toString("base64url") } } };
}

// Meta refuses a template parameter with a line break, a tab or more than 4 spaces in a row (132018).
const REFUSED_PARAMETER = /[\t\n\v\f\r\u2028\u2029]| {5}/;

function refusedParameter(template: unknown): boolean {
  const components = (template as { components?: unknown } | null)?.components;
  if (!Array.isArray(components)) return false;
  return components.some((component: { parameters?: unknown }) =>
    Array.isArray(component?.parameters) && component.parameters.some((p: { text?: unknown }) => typeof p?.text === "string" && REFUSED_PARAMETER.test(p.text)),
  );
}

function signed(account: TSimAccount, payload: object): { headers: Record<string, string>; body: string } {
  const body = JSON.stringify(payload);
  const signature = `sha256=${createHmac("sha256", account.webhookSecret ?? "").update(body, "utf8").digest("hex")}`;
  return { headers: { "content-type": "application/json", "x-hub-signature-256": signature }, body };
}

const envelope = (phoneNumberId: string, value: object) => ({
  object: "whatsapp_business_account",
  entry: [{ id: "102290129340398", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { display_phone_number: "15550783881", phone_number_id: phoneNumberId }, ...value } }] }],
});

function validate(body: unknown): string | null {
  const b = body as Record<string, unknown> | null;
  if (!b || b.messaging_product !== "whatsapp") return "(#100) The parameter messaging_product is required.";
  if (typeof b.to !== "string" || !/^\+?\d{6,15}$/.test(b.to)) return "(#100) Invalid parameter: to";
  if (b.type === "template") {
    const t = b.template as { name?: unknown; language?: { code?: unknown } } | undefined;
    if (typeof t?.name !== "string" || typeof t.language?.code !== "string") return "(#100) The parameter template['name'] and template['language']['code'] are required.";
    return null;
  }
  if (b.type === "text") return typeof (b.text as { body?: unknown } | undefined)?.body === "string" ? null : "(#100) The parameter text['body'] is required.";
  return `(#100) Unsupported message type: ${String(b.type)}`;
}

function send(request: TSimRequest, context: TSimContext): TSimResponse {
  const phoneNumberId = request.params.phoneNumberId!;
  const token = bearer(String(request.headers.authorization ?? ""));
  const account = context.accounts.get("meta", phoneNumberId);
  if (!token || account?.disabled || (account?.secret && account.secret !== token)) return graphError(401, 190, "Error validating access token: The session is invalid.");
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(request.rawBody) as Record<string, unknown>;
  } catch {
    return graphError(400, 100, "(#100) Invalid JSON");
  }
  const problem = validate(body);
  if (problem) return graphError(400, 100, problem);
  const to = String(body.to).replace(/^\+/, "");
  const template = body.template as { name: string } | undefined;
  if (template?.name === "missing_template") return graphError(404, 132001, "(#132001) Template name does not exist in the translation");
  if (body.type === "template" && refusedParameter(body.template)) {
    return graphError(400, 132018, "(#132018) There was an issue with the parameters in your template.", "Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
  }
  const id = `wamid.${randomBytes(24).toString("base64url")}`;
  const heraldMessageId = typeof body.biz_opaque_callback_data === "string" ? body.biz_opaque_callback_data : null;
  const openedAt = sessionsOf(context).get(`${phoneNumberId}:${to}`);
  const sessionOpen = openedAt !== undefined && Date.now() - openedAt < SESSION_MS;
  const outcome = outcomeFor(to);
  const statuses: TStatus[] =
    body.type === "text" && !sessionOpen
      ? [{ status: "failed", error: { code: 131047, title: "Re-engagement message" } }]
      : outcome === "invalid_address" || outcome === "undeliverable"
        ? [{ status: "failed", error: { code: 131026, title: "Message undeliverable" } }]
        : [{ status: "sent" }, { status: "delivered" }, { status: "read" }];
  if (account?.webhookUrl) {
    const url = account.webhookUrl;
    context.callbacks.sequence(
      "meta",
      phoneNumberId,
      statuses.map((s) => ({
        url,
        label: `meta:${s.status}`,
        heraldMessageId,
        build: () =>
          signed(
            account,
            envelope(phoneNumberId, {
              statuses: [
                {
                  id,
                  status: s.status,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: to,
                  ...(heraldMessageId && { biz_opaque_callback_data: heraldMessageId }),
                  ...(s.error && { errors: [{ ...s.error, message: s.error.title, error_data: { details: s.error.title } }] }),
                },
              ],
            }),
          ),
      })),
    );
  }
  return { status: 200, body: { messaging_product: "whatsapp", contacts: [{ input: String(body.to), wa_id: to }], messages: [{ id, message_status: "accepted" }] }, ledger: { heraldMessageId, providerMessageId: id } };
}

/** A patient's message to the business number: opens the 24-hour session, posted signed to the account's webhook. */
async function inbound(input: TSimInbound, context: TSimContext): Promise<void> {
  const account = context.accounts.get("meta", input.account);
  if (!account?.webhookUrl || !account.webhookSecret) throw new Error(`meta account ${input.account}: register it with a webhookUrl and a webhookSecret (its app secret)`);
  const from = input.from.replace(/^\+/, "");
  sessionsOf(context).set(`${input.account}:${from}`, Date.now());
  const payload = envelope(input.account, {
    contacts: [{ profile: { name: "Patient" }, wa_id: from }],
    messages: [{ from, id: `wamid.${randomBytes(24).toString("base64url")}`, timestamp: String(Math.floor(Date.now() / 1000)), type: "text", text: { body: input.body } }],
  });
  const url = account.webhookUrl;
  context.callbacks.send({ url, label: "meta:inbound", heraldMessageId: null, build: () => signed(account, payload) });
}

export const metaSim: TSimProvider = {
  id: "meta",
  routes: [{ method: "POST", pattern: "/:version/:phoneNumberId/messages", operation: "send", handle: send }],
  accountOf: (request) => request.params.phoneNumberId ?? /^\/[^/]+\/(\d+)\//.exec(request.path)?.[1] ?? null,
  errorResponse: graphError,
  inbound,
};
