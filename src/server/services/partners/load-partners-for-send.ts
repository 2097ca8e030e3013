import { Prisma } from "@/generated/prisma/client";
import type { Channel, PartnerDelivery } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactForSend } from "@/server/domain/notifications";
import type { TPartnerReference } from "@/server/domain/partners";
import { queryContactsForSend } from "@/server/services/contacts/query-contacts-for-send";

export type TPartnerRuleForSend = {
  triggerKey: string;
  channels: Channel[];
  notifyPatient: boolean;
  delivery: PartnerDelivery;
  digestAt: string | null;
  digestWindowMinutes: number | null;
};

export type TPartnerForSend = {
  id: string;
  externalId: string | null;
  name: string;
  active: boolean;
  /** The partner's zone, else the lab's. */
  timezone: string;
  rules: Map<string, TPartnerRuleForSend>;
  contacts: { contact: TContactForSend; channels: Channel[]; triggers: string[] }[];
};

export type TLoadPartnersForSendOptions = { labId: string; labTimezone: string; references: TPartnerReference[]; triggerKeys: string[] };

type TPartnerRow = { id: string; externalId: string | null; name: string; active: boolean; timezone: string | null };
type TLinkRow = { partnerId: string; contactId: string; channels: Channel[]; triggers: string[] };

/**
 * The partners a call names (by id or external id, within the lab), each with its rules for the
 * call's triggers and its contacts ready for the send flow's checks, in three queries whatever the
 * batch size. Unknown references are simply absent.
 */
export async function loadPartnersForSend(db: SqlRunner, { labId, labTimezone, references, triggerKeys }: TLoadPartnersForSendOptions): Promise<TPartnerForSend[]> {
  const ids = references.flatMap((ref) => (ref.partnerId ? [ref.partnerId] : []));
  const externalIds = references.flatMap((ref) => (ref.externalId ? [ref.externalId] : []));
  if (ids.length + externalIds.length === 0) return [];
  const partners = await db.$queryRaw<TPartnerRow[]>`
    SELECT id, "externalId", name, active, timezone FROM "Partner"
    WHERE "labId" = ${labId} AND (id = ANY(${ids}::text[]) OR "externalId" = ANY(${externalIds}::text[]))`;
  if (partners.length === 0) return [];
  const partnerIds = partners.map((p) => p.id);
  const [rules, links] = await Promise.all([
    db.$queryRaw<(TPartnerRuleForSend & { partnerId: string })[]>`
      SELECT "partnerId", "triggerKey", channels::text[] AS channels, "notifyPatient", delivery::text AS delivery, "digestAt", "digestWindowMinutes"
      FROM "PartnerRule" WHERE "labId" = ${labId} AND "partnerId" = ANY(${partnerIds}::text[]) AND "triggerKey" = ANY(${triggerKeys}::text[])`,
    db.$queryRaw<TLinkRow[]>`
      SELECT "partnerId", "contactId", channels::text[] AS channels, triggers FROM "PartnerContact"
      WHERE "labId" = ${labId} AND "partnerId" = ANY(${partnerIds}::text[]) ORDER BY "createdAt", id`,
  ]);
  const contacts = await queryContactsForSend(db, labId, Prisma.sql`c.id = ANY(${links.map((l) => l.contactId)}::text[])`);
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  return partners.map((partner) => ({
    id: partner.id,
    externalId: partner.externalId,
    name: partner.name,
    active: partner.active,
    timezone: partner.timezone ?? labTimezone,
    rules: new Map(rules.filter((r) => r.partnerId === partner.id).map(({ partnerId: _p, ...rule }) => [rule.triggerKey, rule])),
    contacts: links
      .filter((link) => link.partnerId === partner.id && contactById.has(link.contactId))
      .map((link) => ({ contact: contactById.get(link.contactId)!, channels: link.channels, triggers: link.triggers })),
  }));
}

/** The loaded partner a reference names, if the lab has it. */
export function partnerFor(partners: TPartnerForSend[], ref: TPartnerReference): TPartnerForSend | undefined {
  return partners.find((p) => (ref.partnerId ? p.id === ref.partnerId : p.externalId === ref.externalId));
}
