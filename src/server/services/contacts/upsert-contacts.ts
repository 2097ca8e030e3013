import { randomUUID } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import type { TContactForSend } from "@/server/domain/notifications";
import { checkContactFields, type TContactFieldIssue } from "@/server/services/contacts/check-contact-fields";
import { CONTACT_FOR_SEND_COLUMNS, contactsForSendSql, runContactsForSend } from "@/server/services/contacts/query-contacts-for-send";

export type TUpsertContactsOptions = {
  labId: string;
  /** The lab's country: the region national phone numbers are read in. */
  country: string;
  contacts: TContactFieldsInput[];
};

export type TUpsertContactResult = { ok: true; contact: TContactForSend } | { ok: false; issues: [TContactFieldIssue, ...TContactFieldIssue[]] };

type TFields = Omit<TContactFieldsInput, "externalId">;
const COLUMNS = ["name", "phone", "whatsapp", "email", "language"] as const satisfies readonly (keyof TFields)[];

/**
 * Creates or updates many contacts of one lab in one statement, whatever the
 * batch size: an INSERT ... ON CONFLICT for those with an external id, an
 * INSERT for the rest, and the result read back from both with consents and
 * opt-outs. Results are in input order; invalid addresses fail only their own
 * entry, which names each of them. Fields left out keep their stored value.
 */
export async function upsertContacts(db: SqlRunner, { labId, country, contacts }: TUpsertContactsOptions): Promise<TUpsertContactResult[]> {
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
  if (byExternalId.size === 0 && fresh.length === 0) return contacts.map((_, index) => failures.get(index)!);

  // Sorted, and inserted in that order (ORDER BY u.n): concurrent calls sharing contacts then lock
  // their rows (and wait on each other's new index entries) in one order and cannot deadlock.
  // A recipient given without an external id is the lab's existing contact with that address (the
  // most recently updated), so a consent withdrawn or an opt-out on it still holds.
  const known = await matchByAddress(db, labId, fresh);
  const reusedIds = [...new Set(known.values())];
  const inserted = fresh.filter(({ index }) => !known.has(index));
  const externalIds = [...byExternalId.keys()].sort();
  const keyed = (name: (typeof COLUMNS)[number]) => externalIds.map((externalId) => byExternalId.get(externalId)!.fields[name] ?? null);
  const unkeyed = (name: (typeof COLUMNS)[number]) => inserted.map(({ fields }) => fields[name] ?? null);
  const now = Prisma.sql`now() AT TIME ZONE 'UTC'`;
  const loaded = await runContactsForSend(db, Prisma.sql`
    WITH keyed AS (
      INSERT INTO "Contact" AS existing (id, "labId", "externalId", name, phone, whatsapp, email, language, "createdAt", "updatedAt")
      SELECT u.id, ${labId}, u."externalId", u.name, u.phone, u.whatsapp, u.email, u.language, ${now}, ${now}
      FROM unnest(${externalIds.map(() => randomUUID())}::text[], ${externalIds}::text[], ${keyed("name")}::text[], ${keyed("phone")}::text[],
                  ${keyed("whatsapp")}::text[], ${keyed("email")}::text[], ${keyed("language")}::text[]) WITH ORDINALITY
           AS u(id, "externalId", name, phone, whatsapp, email, language, n)
      ORDER BY u.n
      ON CONFLICT ("labId", "externalId") DO UPDATE SET
        name = COALESCE(EXCLUDED.name, existing.name),
        phone = COALESCE(EXCLUDED.phone, existing.phone),
        whatsapp = COALESCE(EXCLUDED.whatsapp, existing.whatsapp),
        email = COALESCE(EXCLUDED.email, existing.email),
        language = COALESCE(EXCLUDED.language, existing.language),
        "updatedAt" = EXCLUDED."updatedAt"
      RETURNING ${CONTACT_FOR_SEND_COLUMNS}
    ),
    unkeyed AS (
      INSERT INTO "Contact" (id, "labId", name, phone, whatsapp, email, language, "createdAt", "updatedAt")
      SELECT u.id, ${labId}, u.name, u.phone, u.whatsapp, u.email, u.language, ${now}, ${now}
      FROM unnest(${inserted.map(({ id }) => id)}::text[], ${unkeyed("name")}::text[], ${unkeyed("phone")}::text[], ${unkeyed("whatsapp")}::text[],
                  ${unkeyed("email")}::text[], ${unkeyed("language")}::text[])
           AS u(id, name, phone, whatsapp, email, language)
      RETURNING ${CONTACT_FOR_SEND_COLUMNS}
    ),
    reused AS (SELECT ${CONTACT_FOR_SEND_COLUMNS} FROM "Contact" WHERE "labId" = ${labId} AND id = ANY(${reusedIds}::text[])),
    written AS (SELECT * FROM keyed UNION ALL SELECT * FROM unkeyed UNION ALL SELECT * FROM reused)
    ${contactsForSendSql(Prisma.sql`written`)}`);

  const byId = new Map(loaded.map((contact) => [contact.id, contact]));
  const idByExternalId = new Map(loaded.filter((contact) => contact.externalId !== null).map((contact) => [contact.externalId!, contact.id]));
  const idByIndex = new Map<number, string>(fresh.map(({ id, index }) => [index, known.get(index) ?? id]));
  for (const [externalId, { indexes }] of byExternalId) for (const index of indexes) idByIndex.set(index, idByExternalId.get(externalId)!);
  return contacts.map((_, index) => failures.get(index) ?? { ok: true, contact: byId.get(idByIndex.get(index)!)! });
}

/** Existing contacts of the lab sharing a phone, WhatsApp number or email with each recipient, by input index. */
async function matchByAddress(db: SqlRunner, labId: string, fresh: { fields: TFields; index: number }[]): Promise<Map<number, string>> {
  if (fresh.length === 0) return new Map();
  const column = (name: "phone" | "whatsapp" | "email") => fresh.map(({ fields }) => fields[name] ?? null);
  const rows = await db.$queryRaw<{ index: number; id: string }[]>`
    SELECT DISTINCT ON (u.index) u.index::int AS index, c.id
    FROM unnest(${fresh.map(({ index }) => index)}::int[], ${column("phone")}::text[], ${column("whatsapp")}::text[], ${column("email")}::text[])
      AS u(index, phone, whatsapp, email)
    -- Compared where the lab's indexes are: (labId, phone) and (labId, email).
    JOIN "Contact" c ON c."labId" = ${labId} AND (c.phone = u.phone OR c.phone = u.whatsapp OR c.email = u.email)
    ORDER BY u.index, c."updatedAt" DESC, c.id`;
  return new Map(rows.map((r) => [r.index, r.id]));
}

function definedOnly(fields: TFields): TFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as TFields;
}
