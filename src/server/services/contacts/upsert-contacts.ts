import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import type { TContactForSend } from "@/server/domain/notifications";
import { checkContactFields } from "@/server/services/contacts/check-contact-fields";
import { queryContactsForSend } from "@/server/services/contacts/query-contacts-for-send";

export type TUpsertContactsOptions = {
  labId: string;
  /** The lab's country: the region national phone numbers are read in. */
  country: string;
  contacts: TContactFieldsInput[];
};

export type TUpsertContactResult = { ok: true; contact: TContactForSend } | { ok: false; field: string; message: string };

type TFields = Omit<TContactFieldsInput, "externalId">;
const COLUMNS = ["name", "phone", "whatsapp", "email", "language"] as const satisfies readonly (keyof TFields)[];

/**
 * Creates or updates many contacts of one lab in a few statements, whatever the
 * batch size: one INSERT ... ON CONFLICT for those with an external id, one
 * INSERT for the rest, one query loading them back with consents and opt-outs.
 * Results are in input order; an invalid address fails only its own entry.
 * Fields left out keep their stored value.
 */
export async function upsertContacts(db: Db | Prisma.TransactionClient, { labId, country, contacts }: TUpsertContactsOptions): Promise<TUpsertContactResult[]> {
  const failures = new Map<number, TUpsertContactResult>();
  // Entries naming the same external id become one row (later fields win): Postgres
  // refuses to update one row twice in a single ON CONFLICT statement.
  const byExternalId = new Map<string, { fields: TFields; indexes: number[] }>();
  const fresh: { id: string; fields: TFields; index: number }[] = [];

  contacts.forEach((input, index) => {
    const checked = checkContactFields(input, country);
    if (!checked.ok) return void failures.set(index, checked);
    const { externalId, ...fields } = checked.fields;
    if (externalId === undefined) return void fresh.push({ id: randomUUID(), fields, index });
    const entry = byExternalId.get(externalId);
    if (entry) {
      entry.fields = { ...entry.fields, ...definedOnly(fields) };
      entry.indexes.push(index);
    } else byExternalId.set(externalId, { fields, indexes: [index] });
  });

  const idByExternalId = await upsertByExternalId(db, labId, byExternalId);
  if (fresh.length > 0) {
    const now = new Date();
    await db.contact.createMany({ data: fresh.map(({ id, fields }) => ({ id, labId, ...fields, createdAt: now, updatedAt: now })) });
  }

  const idByIndex = new Map<number, string>(fresh.map(({ id, index }) => [index, id]));
  for (const [externalId, { indexes }] of byExternalId) for (const index of indexes) idByIndex.set(index, idByExternalId.get(externalId)!);
  const loaded = await queryContactsForSend(db, labId, Prisma.sql`c.id = ANY(${[...new Set(idByIndex.values())]}::text[])`);
  const byId = new Map(loaded.map((contact) => [contact.id, contact]));

  return contacts.map((_, index) => failures.get(index) ?? { ok: true, contact: byId.get(idByIndex.get(index)!)! });
}

async function upsertByExternalId(db: Db | Prisma.TransactionClient, labId: string, entries: Map<string, { fields: TFields }>): Promise<Map<string, string>> {
  if (entries.size === 0) return new Map();
  const externalIds = [...entries.keys()];
  const column = (name: (typeof COLUMNS)[number]) => externalIds.map((externalId) => entries.get(externalId)!.fields[name] ?? null);
  const rows = await db.$queryRaw<{ id: string; externalId: string }[]>(Prisma.sql`
    INSERT INTO "Contact" (id, "labId", "externalId", name, phone, whatsapp, email, language, "createdAt", "updatedAt")
    SELECT u.id, ${labId}, u."externalId", u.name, u.phone, u.whatsapp, u.email, u.language, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
    FROM unnest(${externalIds.map(() => randomUUID())}::text[], ${externalIds}::text[], ${column("name")}::text[], ${column("phone")}::text[],
                ${column("whatsapp")}::text[], ${column("email")}::text[], ${column("language")}::text[])
         AS u(id, "externalId", name, phone, whatsapp, email, language)
    ON CONFLICT ("labId", "externalId") DO UPDATE SET
      name = COALESCE(EXCLUDED.name, "Contact".name),
      phone = COALESCE(EXCLUDED.phone, "Contact".phone),
      whatsapp = COALESCE(EXCLUDED.whatsapp, "Contact".whatsapp),
      email = COALESCE(EXCLUDED.email, "Contact".email),
      language = COALESCE(EXCLUDED.language, "Contact".language),
      "updatedAt" = EXCLUDED."updatedAt"
    RETURNING id, "externalId"`);
  return new Map(rows.map((row) => [row.externalId, row.id]));
}

function definedOnly(fields: TFields): TFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as TFields;
}
