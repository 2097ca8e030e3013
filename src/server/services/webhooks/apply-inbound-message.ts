import type { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import { inboundIntent } from "@/server/domain/inbound-keywords";
import { recordAudit } from "@/server/services/audit/record-audit";
import { applyConsent } from "@/server/services/contacts/apply-consent";
import { addSuppressions } from "@/server/services/suppressions/add-suppressions";
import { suppressionAddress } from "@/server/services/suppressions/suppression-address";

export type TApplyInboundOptions = {
  labId: string;
  channel: Channel;
  /** The patient's address as the provider gave it. */
  from: string;
  body: string;
  provider: string;
  businessAccountId: string;
  at: Date;
};

export type TInboundResult = { intent: "opt_out" | "opt_in" | null; contacts: number };

/** Suppressions a patient's START lifts: their own STOP, and the provider's record of it. */
const LIFTED_BY_OPT_IN = ["stop_keyword", "provider_unsubscribed"];
const SOURCE = "inbound_keyword";

/**
 * A patient's reply on SMS or WhatsApp: STOP (and its kin, in English and Arabic) withdraws consent
 * for that channel on every contact of the lab with that number and suppresses the number, so a
 * patient known under several records or none is still not messaged; START restores both. Every
 * change is audited with source inbound_keyword. Anything else is not ours to act on.
 */
export async function applyInboundMessage(tx: Prisma.TransactionClient, options: TApplyInboundOptions): Promise<TInboundResult> {
  const { labId, channel, from, body, provider, businessAccountId, at } = options;
  const intent = inboundIntent(body);
  if (!intent) return { intent, contacts: 0 };
  const address = suppressionAddress(channel, from);
  const contacts = await tx.contact.findMany({ where: { labId, OR: [{ phone: address }, { whatsapp: address }] }, select: { id: true } });
  const status = intent === "opt_out" ? "WITHDRAWN" : "GRANTED";
  const audit = (action: string, targetType: string, targetId: string | null, diff: Prisma.InputJsonObject) =>
    recordAudit(tx, { principal: null, labId, action, targetType, targetId, diff: { source: SOURCE, provider, businessAccountId, ...diff } });

  for (const contact of contacts) {
    // An older reply arriving late does not override a newer consent (applyConsent keeps the latest).
    if (await applyConsent(tx, { contactId: contact.id, channel, status, source: SOURCE, at })) {
      await audit(intent === "opt_out" ? "contact.consent.withdraw" : "contact.consent.grant", "contact", contact.id, { channel, status, at: at.toISOString() });
    }
  }
  if (intent === "opt_out") {
    const added = await addSuppressions(tx, [{ labId, channel, address, reason: "stop_keyword", source: `${SOURCE}:${provider}`, detail: { businessAccountId } }]);
    for (const entry of added) await audit("suppression.add", "suppression", entry.id, { channel, address, reason: "stop_keyword" });
  } else {
    const lifted = await tx.suppression.findMany({ where: { labId, channel, address, reason: { in: LIFTED_BY_OPT_IN } }, select: { id: true, reason: true } });
    if (lifted.length > 0) {
      await tx.suppression.deleteMany({ where: { id: { in: lifted.map((s) => s.id) } } });
      for (const entry of lifted) await audit("suppression.remove", "suppression", entry.id, { channel, address, reason: entry.reason });
    }
  }
  return { intent, contacts: contacts.length };
}
