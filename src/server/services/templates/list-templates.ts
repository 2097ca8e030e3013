import type { Channel, TemplateAudience } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";

/** Patient templates unless `audience` asks for the partner ones. */
export type TListTemplatesOptions = { labId: string; triggerKey?: string; channel?: Channel; audience?: TemplateAudience };

type TSide = { templateId: string; currentVersion: number; active: boolean; updatedAt: Date };

export type TEffectiveTemplate = {
  triggerKey: string;
  channel: Channel;
  language: string;
  audience: TemplateAudience;
  platform: TSide | null;
  override: TSide | null;
  /** Which one the send flow uses: the active override, else the platform default. */
  effective: "lab" | "platform" | "none";
};

/** Per trigger x channel x language, the lab's override and the platform default, and which one wins. */
export async function listTemplates(db: Db, { labId, triggerKey, channel, audience = "PATIENT" }: TListTemplatesOptions): Promise<TEffectiveTemplate[]> {
  const templates = await db.template.findMany({
    where: { scope: { in: [labId, PLATFORM_SCOPE] }, triggerKey, channel, audience },
    select: { id: true, scope: true, triggerKey: true, channel: true, language: true, audience: true, active: true, currentVersion: true, updatedAt: true },
    orderBy: [{ audience: "asc" }, { triggerKey: "asc" }, { channel: "asc" }, { language: "asc" }],
  });
  const entries = new Map<string, TEffectiveTemplate>();
  for (const { id, scope, triggerKey: key, channel: ch, language, audience: to, active, currentVersion, updatedAt } of templates) {
    const identity = `${to}/${key}/${ch}/${language}`;
    const entry = entries.get(identity) ?? { triggerKey: key, channel: ch, language, audience: to, platform: null, override: null, effective: "none" as const };
    entry[scope === PLATFORM_SCOPE ? "platform" : "override"] = { templateId: id, currentVersion, active, updatedAt };
    entry.effective = entry.override?.active ? "lab" : entry.platform?.active ? "platform" : "none";
    entries.set(identity, entry);
  }
  return [...entries.values()];
}
