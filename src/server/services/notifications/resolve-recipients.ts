import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactForSend } from "@/server/domain/notifications";
import type { TRecipient } from "@/server/domain/send";
import type { TFieldIssue } from "@/server/errors";
import { loadContactsForSend } from "@/server/services/contacts/load-contacts-for-send";
import { upsertContacts } from "@/server/services/contacts/upsert-contacts";

export type TResolveRecipientsOptions = {
  lab: { id: string; country: string };
  recipients: TRecipient[];
  /** Names a recipient's field in errors: "items.3.recipient.phone" in a batch. */
  fieldOf: (index: number, field: string) => string;
};

/** Only an external id, nothing else: a reference to an existing contact, not an upsert. */
const isExternalIdReference = (recipient: TRecipient) => recipient.externalId !== undefined && Object.keys(recipient).length === 1;

export type TResolvedRecipients = {
  /** One per recipient, in order; only complete when there are no issues. */
  contacts: TContactForSend[];
  /** Addresses the upsert has just validated and normalised, which need no second check. */
  verifiedAddresses: Set<string>;
  /** Every invalid address, in recipient order. */
  invalid: TFieldIssue[];
  /** Every reference to a contact the lab does not have, in recipient order. */
  missing: TFieldIssue[];
};

const ADDRESS_FIELDS = ["phone", "whatsapp", "email"] as const;

/**
 * The contact of every recipient, in order: existing ones by id or external id
 * (one query), inline ones created or updated (one bulk upsert). Unknown
 * references and invalid addresses come back as issues naming each item's
 * field, all of them, for the caller to fail the whole call with (so a batch
 * is written entirely or not at all).
 */
export async function resolveRecipients(tx: SqlRunner, { lab, recipients, fieldOf }: TResolveRecipientsOptions): Promise<TResolvedRecipients> {
  const contactIds: string[] = [];
  const externalIds: string[] = [];
  const inline: { index: number; recipient: TRecipient }[] = [];
  recipients.forEach((recipient, index) => {
    if (recipient.contactId !== undefined) contactIds.push(recipient.contactId);
    else if (isExternalIdReference(recipient)) externalIds.push(recipient.externalId!);
    else inline.push({ index, recipient });
  });

  const referenced = await loadContactsForSend(tx, { labId: lab.id, contactIds, externalIds });
  const byId = new Map(referenced.map((contact) => [contact.id, contact]));
  const byExternalId = new Map(referenced.filter((contact) => contact.externalId !== null).map((contact) => [contact.externalId!, contact]));

  const upserted = inline.length === 0 ? [] : await upsertContacts(tx, { labId: lab.id, country: lab.country, contacts: inline.map(({ recipient }) => recipient) });
  const byInlineIndex = new Map<number, TContactForSend>();
  const verifiedAddresses = new Set<string>();
  const invalid: TFieldIssue[] = [];
  const missing: TFieldIssue[] = [];
  upserted.forEach((result, position) => {
    const { index, recipient } = inline[position]!;
    if (!result.ok) return void invalid.push(...result.issues.map(({ field, message }) => ({ field: fieldOf(index, field), message })));
    byInlineIndex.set(index, result.contact);
    for (const field of ADDRESS_FIELDS) {
      const address = result.contact[field];
      if (recipient[field] !== undefined && address !== null) verifiedAddresses.add(address);
    }
  });

  const contacts: TContactForSend[] = [];
  recipients.forEach((recipient, index) => {
    let contact: TContactForSend | undefined;
    if (recipient.contactId !== undefined) {
      contact = byId.get(recipient.contactId);
      if (!contact) missing.push({ field: fieldOf(index, "contactId"), message: "no contact with this id in the lab" });
    } else if (isExternalIdReference(recipient)) {
      contact = byExternalId.get(recipient.externalId!);
      if (!contact) missing.push({ field: fieldOf(index, "externalId"), message: "no contact with this externalId in the lab; send contact fields to create one" });
    } else contact = byInlineIndex.get(index);
    if (contact) contacts.push(contact);
  });
  return { contacts, verifiedAddresses, invalid, missing };
}
