import type { Channel, ConsentStatus } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";

export type TApplyConsentOptions = {
  contactId: string;
  channel: Channel;
  status: ConsentStatus;
  /** How it was given or withdrawn: "registration-form", "sms-stop", "staff", ... */
  source: string;
  /** When the patient gave or withdrew it. */
  at: Date;
};

/**
 * Records a consent unless the contact's stored one for the channel is more
 * recent: the latest `at` wins whatever order the news arrives in (a paper
 * form entered after an SMS STOP but signed before it must not turn sending
 * back on), and at the same instant a withdrawal beats a grant. One
 * statement, so concurrent writers (a STOP webhook, an API call) are decided
 * on the locked row, never on a stale read. Returns whether the stored
 * consent was written.
 */
export async function applyConsent(tx: SqlRunner, { contactId, channel, status, source, at }: TApplyConsentOptions): Promise<boolean> {
  const when = sqlTimestamp(at);
  const written = await tx.$executeRaw`
    INSERT INTO "ContactConsent" AS stored ("contactId", channel, status, source, at, "updatedAt")
    VALUES (${contactId}, ${channel}::"Channel", ${status}::"ConsentStatus", ${source}, ${when}, now() AT TIME ZONE 'UTC')
    ON CONFLICT ("contactId", channel) DO UPDATE SET status = EXCLUDED.status, source = EXCLUDED.source, at = EXCLUDED.at, "updatedAt" = EXCLUDED."updatedAt"
    WHERE EXCLUDED.at > stored.at
       OR (EXCLUDED.at = stored.at AND EXCLUDED.status = 'WITHDRAWN' AND stored.status <> 'WITHDRAWN')`;
  return written > 0;
}
