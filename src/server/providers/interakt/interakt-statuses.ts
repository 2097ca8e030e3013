/**
 * Interakt's message webhook events onto Herald's statuses [C]. Any other event (clicks, template
 * status changes, workflow events) is not a delivery report and is ignored.
 *
 * | Interakt `type`        | Herald    |
 * | ---------------------- | --------- |
 * | message_api_sent       | SENT      |
 * | message_api_delivered  | DELIVERED |
 * | message_api_read       | READ      |
 * | message_api_failed     | FAILED    |
 */
import type { TProviderStatus } from "@/server/providers/types";

export const INTERAKT_STATUS_BY_EVENT: Readonly<Record<string, TProviderStatus>> = {
  message_api_sent: "SENT",
  message_api_delivered: "DELIVERED",
  message_api_read: "READ",
  message_api_failed: "FAILED",
};

/** A patient's message to the business number [T]: how STOP and START arrive. */
export const INTERAKT_INBOUND_EVENT = "message_received";

export function mapInteraktEvent(type: string): TProviderStatus | null {
  return Object.hasOwn(INTERAKT_STATUS_BY_EVENT, type) ? INTERAKT_STATUS_BY_EVENT[type]! : null;
}
