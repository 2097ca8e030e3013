import type { Channel } from "@/generated/prisma/enums";
import { RECIPIENT_FIELDS, type TCampaignMapping } from "@/server/domain/campaigns";
import type { TFieldIssue } from "@/server/errors";
import type { TSendContext } from "@/server/services/notifications/load-send-context";

export type TCampaignSettings = { triggerKey: string; channels: Channel[]; language?: string; mapping: TCampaignMapping };

/**
 * Every problem of a campaign's settings against its file and the catalogue, each naming its field:
 * a column the file does not have, a trigger or channel that does not exist or does not fit, a
 * variable the trigger does not take, a mapping that gives no way to reach anyone.
 */
export function checkCampaignSettings(columns: readonly string[], settings: TCampaignSettings, context: TSendContext, triggerVariables: readonly string[] | undefined): TFieldIssue[] {
  const issues: TFieldIssue[] = [];
  const known = new Set(columns);
  const listed = columns.length <= 10 ? columns.map((c) => `"${c}"`).join(", ") : `${columns.length} columns`;
  const checkColumn = (field: string, column: string | undefined) => {
    if (column !== undefined && !known.has(column)) issues.push({ field, message: `no column "${column}" in the file; it has ${listed}` });
  };
  for (const field of RECIPIENT_FIELDS) checkColumn(`mapping.${field}`, settings.mapping[field]);
  const { mapping } = settings;
  if (!mapping.phone && !mapping.whatsapp && !mapping.email && !mapping.externalId) {
    issues.push({ field: "mapping", message: "expected a column for phone, whatsapp, email or externalId: without one no row reaches anyone" });
  }
  const trigger = context.triggers.get(settings.triggerKey);
  if (!trigger) {
    issues.push({ field: "triggerKey", message: `unknown trigger "${settings.triggerKey}"` });
  } else {
    settings.channels.forEach((channel, index) => {
      if (!trigger.channels.includes(channel)) issues.push({ field: `channels.${index}`, message: `${trigger.key} is not sent on ${channel}; expected one of ${trigger.channels.join(", ")}` });
    });
  }
  const variables = triggerVariables;
  for (const [name, column] of Object.entries(mapping.variables)) {
    if (variables && !variables.includes(name)) issues.push({ field: `mapping.variables.${name}`, message: `not a variable of ${settings.triggerKey}; expected one of ${variables.join(", ")}` });
    checkColumn(`mapping.variables.${name}`, column);
  }
  return issues;
}
