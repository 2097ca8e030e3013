/**
 * Bevatel's message statuses onto Herald's. Bevatel documents neither statuses nor webhooks [U]; its
 * API (headers `api_access_token`, `/api/v1`, inboxes, contacts) is that of Chatwoot, whose documented
 * `message_updated` webhook carries a message's `status`, so Herald reads Bevatel's the same way:
 *
 * | Bevatel (Chatwoot) `status` | Herald    |
 * | --------------------------- | --------- |
 * | sent                        | SENT      |
 * | delivered                   | DELIVERED |
 * | read                        | READ      |
 * | failed                      | FAILED    |
 *
 * A `message_created` event of an incoming message is a patient's reply (STOP, START).
 */
import type { TProviderStatus } from "@/server/providers/types";

export const BEVATEL_STATUS_MAP: Readonly<Record<string, TProviderStatus>> = { sent: "SENT", delivered: "DELIVERED", read: "READ", failed: "FAILED" };
