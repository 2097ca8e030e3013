// Pinnacle's accounts: SMS through api.pinnacle.in, WhatsApp through api.pinbot.ai, both keyed by an
// `apikey` header [T]. What Pinnacle answers and calls back is undocumented [U], so where to read the
// message id and status is configurable, with defaults that read the common Indian DLR shapes.
import { z } from "zod";
import { ZJsonPointer } from "@/server/providers/http/json-pointer";
import { ZStatusMap } from "@/server/providers/http/status-map";
import type { TProviderStatus } from "@/server/providers/types";

const API_KEY = z
  .string({ error: "apiKey: expected the API key from Pinnacle's panel" })
  .trim()
  .regex(/^[A-Za-z0-9_-]{16,128}$/, "apiKey: expected the API key from Pinnacle's panel (letters, digits, _ or -, at least 16)");

/** Indian DLT ids: the 19-digit template (and principal entity) ids TRAI's registry issues. */
const DLT_ID = /^\d{19}$/;

const mapping = {
  /** Where the send's answer holds Pinnacle's message id; the defaults in pinnacle-mapping.ts when unset. */
  messageIdPointer: ZJsonPointer.optional(),
  /** Pinnacle's delivery-report words onto Herald's, over the defaults (DELIVRD, UNDELIV, ...). */
  statusMap: ZStatusMap.optional(),
};

export const ZPinnacleSmsConfig = z.strictObject({
  apiKey: API_KEY,
  /** The 6-character sender id (DLT header) registered for the lab. */
  sender: z.string({ error: "sender: expected the DLT-registered 6-character sender id" }).trim().regex(/^[A-Za-z0-9]{6}$/, "sender: expected the DLT-registered 6-character sender id, e.g. HRLDLB"),
  /** The principal entity id the lab registered with DLT. */
  dltEntityId: z.string().trim().regex(DLT_ID, "dltEntityId: expected the 19-digit DLT principal entity id").optional(),
  /** The DLT template id of each trigger's SMS template: every SMS in India must name the approved template it renders. */
  dltTemplateIds: z
    .record(
      z.string().regex(/^[A-Z][A-Z0-9_]{1,63}$/, "expected a trigger key such as REPORT_READY"),
      z.string().trim().regex(DLT_ID, "expected the 19-digit DLT template id"),
      { error: 'dltTemplateIds: expected each trigger\'s DLT template id, e.g. {"REPORT_READY": "1107161234567890123"}' },
    )
    .refine((ids) => Object.keys(ids).length > 0, "dltTemplateIds: expected the DLT template id of at least one trigger"),
  ...mapping,
});
export type TPinnacleSmsConfig = z.output<typeof ZPinnacleSmsConfig>;

export const ZPinnacleWhatsAppConfig = z.strictObject({
  apiKey: API_KEY,
  /** The business's WhatsApp number as Pinnacle knows it: country code and number, digits only. */
  from: z.string({ error: "from: expected the WhatsApp business number" }).trim().transform((v) => v.replace(/^\+/, "")).pipe(z.string().regex(/^\d{8,15}$/, "from: expected the WhatsApp business number with its country code, e.g. 919876543210")),
  ...mapping,
});
export type TPinnacleWhatsAppConfig = z.output<typeof ZPinnacleWhatsAppConfig>;

export const PINNACLE_SECRET_FIELDS = ["apiKey"] as const;

export const PINNACLE_SMS_URL = "https://api.pinnacle.in/index.php/sms/json";
export const PINNACLE_WHATSAPP_URL = "https://api.pinbot.ai/v1/wamessage/send";

/** The Indian operators' DLR words (SMPP's stat field) and WhatsApp's, onto Herald's. */
export const PINNACLE_DEFAULT_STATUS_MAP: Readonly<Record<string, TProviderStatus>> = {
  SUBMITTED: "SENT",
  SENT: "SENT",
  DELIVRD: "DELIVERED",
  DELIVERED: "DELIVERED",
  READ: "READ",
  UNDELIV: "UNDELIVERED",
  UNDELIVERED: "UNDELIVERED",
  EXPIRED: "UNDELIVERED",
  REJECTD: "FAILED",
  REJECTED: "FAILED",
  FAILED: "FAILED",
};
