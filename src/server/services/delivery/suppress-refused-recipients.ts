import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TSuppressionReason } from "@/server/providers/types";
import { recordAudit } from "@/server/services/audit/record-audit";
import { applyConsent } from "@/server/services/contacts/apply-consent";
import { addSuppressions } from "@/server/services/suppressions/add-suppressions";

/** A recipient a provider refused because they must not be contacted (Twilio 21610: they replied STOP). */
export type TRefusedRecipient = {
  labId: string;
  channel: Channel;
  contactId: string | null;
  address: string;
  reason: TSuppressionReason;
  provider: string | null;
  messageId: string;
};

/**
 * What a provider's refusal teaches: the address is suppressed for the lab and the contact's
 * consent on the channel is withdrawn, so no other account or later message tries again.
 */
export async function suppressRefusedRecipients(db: Db, refused: readonly TRefusedRecipient[]): Promise<void> {
  if (refused.length === 0) return;
  const at = new Date();
  await db.$transaction(async (tx) => {
    await addSuppressions(
      tx,
      refused.map((r) => ({ labId: r.labId, channel: r.channel, address: r.address, reason: r.reason, source: `dispatch:${r.provider ?? "unknown"}`, detail: { messageId: r.messageId } })),
    );
    for (const r of refused) {
      const source = `provider:${r.reason}`;
      // Audited like every consent change, so the contact's consent history says why sending stopped.
      if (r.contactId && (await applyConsent(tx, { contactId: r.contactId, channel: r.channel, status: "WITHDRAWN", source, at }))) {
        await recordAudit(tx, {
          principal: null,
          labId: r.labId,
          action: "contact.consent.withdraw",
          targetType: "contact",
          targetId: r.contactId,
          diff: { channel: r.channel, status: "WITHDRAWN", source, at: at.toISOString(), messageId: r.messageId },
        });
      }
    }
  });
}
