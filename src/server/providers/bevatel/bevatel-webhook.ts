// Bevatel's webhook calls, read as Chatwoot shapes them [U, see bevatel-statuses.ts]:
// `{event: "message_updated", id, status, message_type: "outgoing", ...}` for a status and
// `{event: "message_created", message_type: "incoming", content, sender: {phone_number}}` for a reply.
// Bevatel signs nothing, so the account's webhook URL carries an unguessable token instead.
import { z } from "zod";
import { mapStatusWord } from "@/server/providers/http/status-map";
import { BEVATEL_STATUS_MAP } from "@/server/providers/bevatel/bevatel-statuses";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";

const ZEvent = z.looseObject({
  event: z.string().min(1),
  id: z.union([z.string().min(1), z.number()]).optional(),
  status: z.string().nullish(),
  message_type: z.union([z.string(), z.number()]).nullish(),
  content: z.string().nullish(),
  content_attributes: z.looseObject({ external_error: z.string().nullish() }).nullish(),
  sender: z.looseObject({ phone_number: z.string().nullish() }).nullish(),
  created_at: z.union([z.string(), z.number()]).nullish(),
});

// Chatwoot sends message_type as a word or as its enum's number (0 incoming, 1 outgoing).
const isIncoming = (type: string | number | null | undefined) => type === "incoming" || type === 0;

export function parseBevatelWebhook(request: TWebhookRequest): TWebhookEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody);
  } catch {
    throw new Error("Bevatel webhook: the body is not JSON");
  }
  const parsed = ZEvent.safeParse(json);
  if (!parsed.success) throw new Error(`Bevatel webhook: expected {event, ...} (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);
  const event = parsed.data;
  if (event.id === undefined) return [];
  const id = String(event.id);
  if (event.event === "message_created" && isIncoming(event.message_type)) {
    const from = event.sender?.phone_number?.trim();
    return from && event.content ? [{ kind: "inbound", eventKey: `inbound:${id}`, from: from.startsWith("+") ? from : `+${from.replace(/\D/g, "")}`, to: "", body: event.content }] : [];
  }
  if ((event.event !== "message_updated" && event.event !== "message_created") || isIncoming(event.message_type) || !event.status) return [];
  const status = mapStatusWord(BEVATEL_STATUS_MAP, event.status);
  if (!status) return [];
  const error = event.content_attributes?.external_error ?? undefined;
  return [
    {
      kind: "status",
      eventKey: `${id}:${event.status.toLowerCase()}`,
      report: { providerMessageId: id, status, at: new Date(), ...(status === "FAILED" && { errorCode: "failed", ...(error && { errorMessage: error }) }) },
    },
  ];
}
