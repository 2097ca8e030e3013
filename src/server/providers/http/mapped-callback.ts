// Status callbacks read through configured JSON pointers and a status map: for vendors whose callback
// shape is undocumented (Pinnacle) or their own (generic HTTP vendors). A JSON body may hold one
// report or an array of them; a form-encoded body is read as one flat object.
import { readPointerText } from "@/server/providers/http/json-pointer";
import { mapStatusWord } from "@/server/providers/http/status-map";
import type { TProviderStatus, TWebhookEvent } from "@/server/providers/types";

export type TCallbackMapping = {
  /** Pointers tried in order; the first that holds a value wins. */
  messageId: readonly string[];
  status: readonly string[];
  error: readonly string[];
  /** Herald's message id, where the vendor echoes a reference Herald sent. */
  reference?: readonly string[];
  statusMap: Readonly<Record<string, TProviderStatus>>;
};

function bodyReports(rawBody: string, contentType: string | null): unknown[] {
  const trimmed = rawBody.trim();
  if (contentType?.toLowerCase().includes("application/x-www-form-urlencoded") || (!trimmed.startsWith("{") && !trimmed.startsWith("["))) {
    const form = Object.fromEntries(new URLSearchParams(trimmed));
    if (Object.keys(form).length === 0) throw new Error("expected a JSON or form-encoded body");
    return [form];
  }
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    throw new Error("the body is not JSON");
  }
  return Array.isArray(json) ? json : [json];
}

const first = (document: unknown, pointers: readonly string[]) => pointers.map((p) => readPointerText(document, p)).find((v) => v !== undefined);

/** The status reports a callback holds; reports without an id or with an unmapped status are left out. */
export function parseMappedCallback(provider: string, rawBody: string, contentType: string | null, mapping: TCallbackMapping): TWebhookEvent[] {
  let reports: unknown[];
  try {
    reports = bodyReports(rawBody, contentType);
  } catch (error) {
    throw new Error(`${provider} webhook: ${(error as Error).message}`);
  }
  return reports.flatMap((report): TWebhookEvent[] => {
    const providerMessageId = first(report, mapping.messageId);
    const word = first(report, mapping.status);
    if (!providerMessageId || !word) return [];
    const status = mapStatusWord(mapping.statusMap, word);
    if (!status) return [];
    const error = first(report, mapping.error);
    const heraldMessageId = mapping.reference ? first(report, mapping.reference) : undefined;
    const failed = status === "FAILED" || status === "UNDELIVERED";
    return [
      {
        kind: "status",
        // The vendor's id and its word: a repeat of the same report is the same event.
        eventKey: `${providerMessageId}:${word.toLowerCase()}`,
        report: { providerMessageId, status, at: new Date(), ...(heraldMessageId && { heraldMessageId }), ...(failed && { errorCode: error ?? word }) },
      },
    ];
  });
}
