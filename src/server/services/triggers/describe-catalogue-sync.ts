import type { TSyncCatalogueResult } from "@/server/services/triggers/sync-catalogue";

/** What a sync changed, one line per change, for the operator's terminal. */
export function describeCatalogueSync(file: string, { triggers, templates }: TSyncCatalogueResult): string {
  const lines = [
    ...triggers.created.map((key) => `  + trigger ${key}`),
    ...triggers.updated.map((key) => `  ~ trigger ${key}`),
    ...templates.created.map((identity) => `  + template ${identity}`),
    ...templates.versioned.map((identity) => `  ~ template ${identity} (new version)`),
  ];
  const unchanged = `${triggers.unchanged} triggers and ${templates.unchanged} templates unchanged`;
  return lines.length === 0 ? `${file}: nothing to change (${unchanged}).` : [`${file}:`, ...lines, `  ${unchanged}.`].join("\n");
}
