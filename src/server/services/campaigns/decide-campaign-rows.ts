import { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import type { TContactFieldsInput } from "@/server/domain/contacts";
import type { TRowChannelOutcome, TRowError } from "@/server/domain/campaigns";
import type { TContactForSend } from "@/server/domain/notifications";
import { queryContactsForSend } from "@/server/services/contacts/query-contacts-for-send";
import { decideChannel, type TChannelDecision, type TLabForSend } from "@/server/services/notifications/decide-channel";
import type { TSendContext } from "@/server/services/notifications/load-send-context";

export type TCampaignRowInput = { rowNumber: number; recipient: TContactFieldsInput; variables: Record<string, string> };

export type TDecidedRow = {
  rowNumber: number;
  /** Each channel's full decision (the rendered message included); empty when `outcomeOnly`. */
  decisions: { channel: Channel; decision: TChannelDecision }[];
  outcome: TRowChannelOutcome[];
  /** Problems only the decision finds: a template variable no column fills, a reference to no contact. */
  errors: TRowError[];
};

export type TDecideCampaignRowsOptions = {
  lab: TLabForSend;
  triggerKey: string;
  channels: readonly Channel[];
  language?: string;
  context: TSendContext;
  rows: readonly TCampaignRowInput[];
  /** Which column a recipient field or variable came from, to name it in errors. */
  columnOf: (field: string) => string | null;
  now: Date;
  /**
   * Keep only each row's outcome and errors, not its decisions: validation needs no rendered message,
   * and a page of them kept until the page ends outlives V8's young generation, to be collected only
   * by a full collection, after the heap has grown.
   */
  outcomeOnly?: boolean;
};

/**
 * What the send flow would decide for each row and channel today, without writing anything: the
 * row's recipient is the lab's contact it would update (by external id, else by address, as the
 * send flow matches them) with the row's fields over it, so a consent withdrawn, an opt-out or a
 * suppressed address shows as the skip it would be. Two queries per page of rows.
 */
export async function decideCampaignRows(sql: SqlRunner, options: TDecideCampaignRowsOptions): Promise<TDecidedRow[]> {
  const { lab, rows, context, now } = options;
  const externalIds = unique(rows.map(({ recipient }) => recipient.externalId));
  const phones = unique(rows.flatMap(({ recipient }) => [recipient.phone, recipient.whatsapp]));
  const emails = unique(rows.map(({ recipient }) => recipient.email));
  const [contacts, suppressions] = await Promise.all([
    externalIds.length + phones.length + emails.length === 0
      ? []
      : queryContactsForSend(sql, lab.id, Prisma.sql`c."externalId" = ANY(${externalIds}::text[]) OR c.phone = ANY(${phones}::text[]) OR c.email = ANY(${emails}::text[])`),
    sql.$queryRaw<{ key: string }[]>`
      SELECT channel::text || ':' || address AS key FROM "Suppression"
      WHERE "labId" = ${lab.id} AND address = ANY(${[...phones, ...emails.map((email) => email.toLowerCase())]}::text[])`,
  ]);
  const byExternalId = new Map(contacts.filter((c) => c.externalId !== null).map((c) => [c.externalId!, c]));
  const byAddress = new Map<string, TContactForSend>();
  for (const contact of contacts) for (const address of [contact.phone, contact.email]) if (address && !byAddress.has(address)) byAddress.set(address, contact);
  const suppressed = new Set(suppressions.map(({ key }) => key));
  const trigger = context.triggers.get(options.triggerKey)!;
  const enabledChannels = context.enabledChannels.get(trigger.key) ?? new Set<Channel>();

  return rows.map(({ rowNumber, recipient, variables }) => {
    const errors: TRowError[] = [];
    const known = recipient.externalId !== undefined ? byExternalId.get(recipient.externalId) : [recipient.phone, recipient.whatsapp, recipient.email].map((a) => (a ? byAddress.get(a) : undefined)).find((c) => c !== undefined);
    const contact = dryRunContact(lab.id, recipient, known, suppressed);
    const verifiedAddresses = new Set([recipient.phone, recipient.whatsapp, recipient.email].filter((a): a is string => a !== undefined));
    const decisions = options.channels.map((channel) => ({
      channel,
      decision: decideChannel({ channel, trigger, enabledChannels, lab, contact, verifiedAddresses, candidates: context.candidates, variables, language: options.language, now }),
    }));
    for (const { channel, decision } of decisions) {
      if (decision.status === "SKIPPED" && decision.reason === "missing_variable") {
        errors.push({ column: null, message: `the ${channel} template needs {{ ${decision.detail.variable} }}: map a column to it` });
      }
    }
    if (decisions.every(({ decision }) => decision.status === "SKIPPED" && decision.reason === "no_address")) {
      const where = recipient.externalId !== undefined && !known ? "no contact with this external id in the lab, and " : "";
      errors.push({ column: options.columnOf(options.channels.includes("EMAIL") ? "email" : "phone"), message: `${where}no address for ${options.channels.join(", ")}` });
    }
    const outcome = decisions.map(({ channel, decision }): TRowChannelOutcome =>
      decision.status === "SKIPPED" ? { channel, status: "skip", reason: decision.skipReason } : { channel, status: "send", reason: decision.scheduledFor },
    );
    return { rowNumber, decisions: options.outcomeOnly ? [] : decisions, outcome, errors };
  });
}

/** The contact the send would write: the known one's consents and opt-outs, the row's fields over its own. */
function dryRunContact(labId: string, recipient: TContactFieldsInput, known: TContactForSend | undefined, suppressed: ReadonlySet<string>): TContactForSend {
  const phone = recipient.phone ?? known?.phone ?? null;
  const whatsapp = recipient.whatsapp ?? known?.whatsapp ?? null;
  const email = recipient.email ?? known?.email ?? null;
  const knownSuppressed = known?.suppressed ?? NO_CATEGORIES;
  // Nearly every row of a page is a new recipient at no suppressed address: it shares one empty list.
  const suppressedHere = suppressed.size === 0 && knownSuppressed.length === 0 ? NO_CATEGORIES : suppressedOf(phone, whatsapp, email, knownSuppressed, suppressed);
  // One object per row, built once: a campaign's validation makes 100,000 of them.
  return {
    id: known?.id ?? `row`,
    labId,
    externalId: recipient.externalId ?? known?.externalId ?? null,
    name: recipient.name ?? known?.name ?? null,
    phone,
    whatsapp,
    email,
    language: recipient.language ?? known?.language ?? null,
    consents: known?.consents ?? NO_CONSENTS,
    optedOutCategories: known?.optedOutCategories ?? NO_CATEGORIES,
    suppressed: suppressedHere,
  };
}

function suppressedOf(phone: string | null, whatsapp: string | null, email: string | null, known: readonly string[], suppressed: ReadonlySet<string>): string[] {
  const addresses = [
    phone && `SMS:${phone}`,
    phone && `WHATSAPP:${phone}`,
    whatsapp && `WHATSAPP:${whatsapp}`,
    whatsapp && `SMS:${whatsapp}`,
    email && `EMAIL:${email.toLowerCase()}`,
  ].filter((key): key is string => Boolean(key));
  return [...new Set([...known, ...addresses.filter((key) => suppressed.has(key))])];
}

const NO_CONSENTS: TContactForSend["consents"] = Object.freeze({});
const NO_CATEGORIES: string[] = Object.freeze([]) as unknown as string[];

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))];
}
