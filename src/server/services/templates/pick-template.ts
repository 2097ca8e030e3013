import type { Channel } from "@/generated/prisma/enums";
import type { TResolvedTemplate } from "@/server/domain/notifications";

export type TPickTemplateOptions = {
  triggerKey: string;
  channel: Channel;
  /** In order of preference: requested, contact, lab default, "en". Nulls and repeats are skipped. */
  languages: (string | null | undefined)[];
};

/**
 * The template to use for one trigger and channel: the first language (in the
 * caller's order) that has any template wins, and within a language the lab's
 * override wins over the platform default. Candidates are already active ones.
 */
export function pickTemplate(candidates: TResolvedTemplate[], { triggerKey, channel, languages }: TPickTemplateOptions): TResolvedTemplate | null {
  const matching = candidates.filter((c) => c.triggerKey === triggerKey && c.channel === channel);
  const seen = new Set<string>();
  for (const language of languages) {
    if (!language || seen.has(language)) continue;
    seen.add(language);
    const inLanguage = matching.filter((c) => c.language === language);
    const winner = inLanguage.find((c) => c.scope === "lab") ?? inLanguage[0];
    if (winner) return winner;
  }
  return null;
}
