import { Prisma } from "@/generated/prisma/client";
import type { Channel, TemplateAudience } from "@/generated/prisma/enums";
import type { SqlRunner } from "@/server/db/sql-runner";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";
import type { TResolvedTemplate } from "@/server/domain/notifications";

export type TLoadTemplateCandidatesOptions = { labId: string; triggerKeys: string[]; audience?: TemplateAudience };

export type TCandidateRow = Omit<TResolvedTemplate, "scope" | "channel"> & { scope: string; channel: Channel };

/**
 * The current version of every active template the lab could use for these
 * triggers: its own overrides and the platform defaults, all channels and
 * languages, in one query. `pickTemplate` chooses among them per channel.
 */
export async function loadTemplateCandidates(db: SqlRunner, { labId, triggerKeys, audience = "PATIENT" }: TLoadTemplateCandidatesOptions): Promise<TResolvedTemplate[]> {
  if (triggerKeys.length === 0) return [];
  return resolveCandidateScopes(await db.$queryRaw<TCandidateRow[]>(templateCandidatesSql({ labId, triggerKeys, audience })));
}

/** The query itself, for a caller that reads it beside others in one statement (loadSendContext). */
export function templateCandidatesSql({ labId, triggerKeys, audience = "PATIENT" }: TLoadTemplateCandidatesOptions): Prisma.Sql {
  return Prisma.sql`
    SELECT t.id AS "templateId", v.id AS "versionId", v.version, t.scope, t."triggerKey", t.channel::text AS channel, t.language,
           v.body, v.subject, v.html, v.text, v."waTemplateName", v."waContentSid", v."waLanguage", COALESCE(v."waVariables", '{}') AS "waVariables"
    FROM "Template" t
    JOIN "TemplateVersion" v ON v."templateId" = t.id AND v.version = t."currentVersion"
    WHERE t."triggerKey" = ANY(${triggerKeys}::text[]) AND t.scope IN (${labId}, ${PLATFORM_SCOPE}) AND t.active
      AND t.audience = ${audience}::"TemplateAudience"`;
}

export function resolveCandidateScopes(rows: readonly TCandidateRow[]): TResolvedTemplate[] {
  return rows.map((row) => ({ ...row, scope: row.scope === PLATFORM_SCOPE ? "platform" : "lab" }));
}
