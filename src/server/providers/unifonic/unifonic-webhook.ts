// Unifonic's delivery reports (DLR), posted to the statusCallback URL a send named. Unifonic signs
// nothing, so the account's webhook URL carries a path token (webhookAuth "path-token") and this
// only reads the body. Its documents show the fields MessageID, DLR and Recipient but not the
// encoding, so form and JSON bodies are both read; unknown fields pass.
import { z } from "zod";
import { reportedCode } from "@/server/providers/reported-code";
import { unifonicReasonOf } from "@/server/providers/unifonic/unifonic-errors";
import type { TWebhookEvent, TWebhookRequest } from "@/server/providers/types";
import { mapUnifonicStatus } from "@/server/providers/unifonic/unifonic-statuses";

const ZId = z.union([z.string().trim().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String);

const ZUnifonicDlr = z.looseObject({
  MessageID: ZId,
  DLR: z.string().trim().min(1),
  Recipient: z.union([z.string(), z.number()]).transform(String).optional(),
  /** Herald's message id, which every send passes as CorrelationID; read when the report carries it. */
  CorrelationID: z.string().optional(),
  ErrorCode: z.union([z.string(), z.number()]).transform(String).optional(),
  DateCreated: z.string().optional(),
});

function fieldsOf(request: TWebhookRequest): unknown {
  const type = request.headers.get("content-type") ?? "";
  if (/json/i.test(type) || request.rawBody.trimStart().startsWith("{")) {
    try {
      return JSON.parse(request.rawBody) as unknown;
    } catch {
      throw new Error("Unifonic DLR: the body is not JSON");
    }
  }
  return Object.fromEntries(new URLSearchParams(request.rawBody));
}

/** "2024-05-07 06:41:53.237" (UTC, as Unifonic's API writes times), or null. */
function timeOf(value: string | undefined): Date | null {
  if (!value) return null;
  const at = new Date(`${value.trim().replace(" ", "T")}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/**
 * One DLR is one event. Unifonic retries a report up to 6 times in 72 hours: the key is the message
 * and its state, so each repeat is recognised.
 */
export function parseUnifonicWebhook(request: TWebhookRequest, now = new Date()): TWebhookEvent[] {
  const parsed = ZUnifonicDlr.safeParse(fieldsOf(request));
  if (!parsed.success) throw new Error(`Unifonic DLR: expected MessageID and DLR: ${z.prettifyError(parsed.error)}`);
  const dlr = parsed.data;
  const status = mapUnifonicStatus(dlr.DLR);
  if (!status) return [];
  const failed = status === "UNDELIVERED" || status === "FAILED";
  const report = {
    providerMessageId: dlr.MessageID,
    status,
    at: timeOf(dlr.DateCreated) ?? now,
    ...(failed && { ...reportedCode(dlr.ErrorCode ?? dlr.DLR, unifonicReasonOf), errorMessage: `Unifonic DLR: ${dlr.DLR}` }),
    ...(dlr.CorrelationID && { heraldMessageId: dlr.CorrelationID }),
  };
  return [{ kind: "status", eventKey: `unifonic:${dlr.MessageID}:${dlr.DLR.toLowerCase()}`, report }];
}
