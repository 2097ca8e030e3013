import { ZContactFields, type TContactFieldsInput } from "@/server/domain/contacts";
import { RECIPIENT_FIELDS, type TCampaignMapping, type TRowError } from "@/server/domain/campaigns";
import { checkContactFields } from "@/server/services/contacts/check-contact-fields";

export type TCampaignRowReader = {
  /** The recipient, addresses normalised (E.164), and the variables, or every problem by column. */
  read(cells: readonly string[]): { recipient: TContactFieldsInput; variables: Record<string, string>; errors: TRowError[] };
};

/**
 * Reads rows through a campaign's mapping: each mapped column's cell, trimmed (an empty cell is no
 * value), checked as the send flow checks a recipient, with each problem named by the column it came
 * from. Built once per campaign, used for every row.
 */
export function campaignRowReader({ columns, mapping, country }: { columns: readonly string[]; mapping: TCampaignMapping; country: string }): TCampaignRowReader {
  const indexOf = new Map(columns.map((column, index) => [column, index]));
  const fieldColumns = RECIPIENT_FIELDS.flatMap((field) => (mapping[field] === undefined ? [] : [[field, mapping[field]!, indexOf.get(mapping[field]!)!] as const]));
  const variableColumns = Object.entries(mapping.variables).map(([name, column]) => [name, column, indexOf.get(column)!] as const);

  return {
    read(cells) {
      const errors: TRowError[] = [];
      const fields: Record<string, string> = {};
      for (const [field, , index] of fieldColumns) {
        const value = cells[index]?.trim();
        if (value) fields[field] = value;
      }
      const variables: Record<string, string> = {};
      for (const [name, column, index] of variableColumns) {
        const value = cells[index]?.trim();
        if (value) variables[name] = value;
        else errors.push({ column, message: `expected a value for {{ ${name} }}` });
      }
      const parsed = ZContactFields.safeParse(fields);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push({ column: columnOf(mapping, issue.path[0]), message: issue.message });
        return { recipient: {}, variables, errors };
      }
      const checked = checkContactFields(parsed.data, country);
      if (!checked.ok) {
        for (const issue of checked.issues) errors.push({ column: mapping[issue.field] ?? null, message: issue.message });
        return { recipient: {}, variables, errors };
      }
      return { recipient: checked.fields, variables, errors };
    },
  };
}

function columnOf(mapping: TCampaignMapping, field: PropertyKey | undefined): string | null {
  return typeof field === "string" && (RECIPIENT_FIELDS as readonly string[]).includes(field) ? (mapping[field as (typeof RECIPIENT_FIELDS)[number]] ?? null) : null;
}
