// Where Pinnacle's answers and delivery reports hold what Herald reads. Pinnacle documents neither [U]:
// these defaults read the shapes Indian SMS gateways commonly use, in order, and an account can name
// its own pointer and status words (pinnacle-config.ts) when Pinnacle's differ.
import type { TCallbackMapping } from "@/server/providers/http/mapped-callback";
import { PINNACLE_DEFAULT_STATUS_MAP } from "@/server/providers/pinnacle/pinnacle-config";
import type { TProviderStatus } from "@/server/providers/types";

export const PINNACLE_MESSAGE_ID_POINTERS = ["/data/0/msgid", "/data/0/messageid", "/data/msgid", "/data/messageid", "/msgid", "/messageid", "/message_id", "/id"];

export function pinnacleCallbackMapping(statusMap: Readonly<Record<string, TProviderStatus>> | undefined): TCallbackMapping {
  return {
    messageId: ["/msgid", "/messageid", "/message_id", "/id", "/data/msgid", "/data/messageid"],
    status: ["/status", "/dlr_status", "/stat", "/data/status"],
    error: ["/error_code", "/errorcode", "/err", "/error", "/data/error_code"],
    statusMap: { ...PINNACLE_DEFAULT_STATUS_MAP, ...statusMap },
  };
}
