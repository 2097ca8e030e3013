// Unifonic's message states (send answer `Status`, lookup `DLR` or `Status`, DLR callback `DLR`),
// mapped onto Herald's. Matched case-insensitively: Unifonic's documents spell them both ways.
//
// | Unifonic                         | Herald      |
// | -------------------------------- | ----------- |
// | Queued, Scheduled, Sent          | SENT        |
// | Delivered                        | DELIVERED   |
// | Undeliverable, Undelivered,      | UNDELIVERED |
// | Expired                          |             |
// | Rejected, Failed                 | FAILED      |
import type { TProviderStatus } from "@/server/providers/types";

const MAPPING: Readonly<Record<string, TProviderStatus>> = {
  queued: "SENT",
  scheduled: "SENT",
  sent: "SENT",
  delivered: "DELIVERED",
  undeliverable: "UNDELIVERED",
  undelivered: "UNDELIVERED",
  expired: "UNDELIVERED",
  rejected: "FAILED",
  failed: "FAILED",
};

/** Herald's status for one of Unifonic's, or null for one it does not know (left unapplied). */
export function mapUnifonicStatus(status: string | null | undefined): TProviderStatus | null {
  if (!status) return null;
  const key = status.trim().toLowerCase();
  return Object.hasOwn(MAPPING, key) ? MAPPING[key]! : null;
}
