import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { sameContent, versionFields } from "@/server/domain/templates";
import type { TCatalogue, TTriggerDefinition } from "@/server/domain/triggers";
import { recordAudit } from "@/server/services/audit/record-audit";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";

export type TSyncCatalogueResult = {
  triggers: { created: string[]; updated: string[]; unchanged: number };
  /** "TRIGGER/CHANNEL/language" of each platform template created, or given a new version. */
  templates: { created: string[]; versioned: string[]; unchanged: number };
};

/**
 * Loads the catalogue idempotently: upserts triggers, creates missing platform
 * templates, and adds a version only where content changed, so running it on
 * every start or deploy is safe and versions stay meaningful. Pass a catalogue
 * from `loadCatalogueFile` (validated). Nothing is deleted: labs may still
 * have enablement rows and overrides for triggers a later file drops.
 */
export async function syncCatalogue(db: Db, catalogue: TCatalogue): Promise<TSyncCatalogueResult> {
  return db.$transaction(
    async (tx) => {
      // Instances starting together would otherwise race to create the same rows.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('herald:sync-catalogue'))`;
      const result: TSyncCatalogueResult = {
        triggers: await syncTriggers(tx, catalogue.triggers),
        templates: await syncTemplates(tx, catalogue),
      };
      if (result.triggers.created.length + result.triggers.updated.length + result.templates.created.length + result.templates.versioned.length > 0) {
        await recordAudit(tx, {
          principal: null,
          action: "catalogue.sync",
          targetType: "catalogue",
          targetId: String(catalogue.version),
          diff: { triggers: { created: result.triggers.created, updated: result.triggers.updated }, templates: { created: result.templates.created, versioned: result.templates.versioned } },
        });
      }
      return result;
    },
    { timeout: 60_000 },
  );
}

async function syncTriggers(tx: Prisma.TransactionClient, definitions: TTriggerDefinition[]): Promise<TSyncCatalogueResult["triggers"]> {
  const existing = new Map((await tx.trigger.findMany({ where: { key: { in: definitions.map((d) => d.key) } } })).map((t) => [t.key, t]));
  const result: TSyncCatalogueResult["triggers"] = { created: [], updated: [], unchanged: 0 };
  for (const definition of definitions) {
    const { key, ...fields } = definition;
    const current = existing.get(key);
    if (!current) {
      await tx.trigger.create({ data: definition });
      result.created.push(key);
    } else if (
      current.name !== fields.name ||
      current.description !== fields.description ||
      current.category !== fields.category ||
      current.critical !== fields.critical ||
      current.audience !== fields.audience ||
      current.channels.join() !== fields.channels.join() ||
      current.variables.join() !== fields.variables.join()
    ) {
      await tx.trigger.update({ where: { key }, data: fields });
      result.updated.push(key);
    } else result.unchanged += 1;
  }
  return result;
}

async function syncTemplates(tx: Prisma.TransactionClient, catalogue: TCatalogue): Promise<TSyncCatalogueResult["templates"]> {
  const existing = await tx.template.findMany({
    where: { scope: PLATFORM_SCOPE, triggerKey: { in: catalogue.triggers.map((t) => t.key) } },
    // Only sync versions platform templates, and it always makes the newest version current.
    include: { versions: { orderBy: { version: "desc" }, take: 1 } },
  });
  const byIdentity = new Map(existing.map((t) => [`${t.audience}/${t.triggerKey}/${t.channel}/${t.language}`, t]));
  const result: TSyncCatalogueResult["templates"] = { created: [], versioned: [], unchanged: 0 };

  for (const { trigger: triggerKey, channel, language, audience, ...content } of catalogue.templates) {
    // Patient templates keep the identity they were always reported under.
    const identity = `${audience === "PARTNER" ? "partner:" : ""}${triggerKey}/${channel}/${language}`;
    const fields = versionFields(content);
    const current = byIdentity.get(`${audience}/${triggerKey}/${channel}/${language}`);
    const latest = current?.versions[0];
    if (!current) {
      await tx.template.create({
        data: { scope: PLATFORM_SCOPE, triggerKey, channel, language, audience, currentVersion: 1, versions: { create: { version: 1, ...fields } } },
      });
      result.created.push(identity);
    } else if (!latest || !sameContent(latest, fields)) {
      const version = (latest?.version ?? 0) + 1;
      await tx.templateVersion.create({ data: { templateId: current.id, version, ...fields } });
      await tx.template.update({ where: { id: current.id }, data: { currentVersion: version } });
      result.versioned.push(identity);
    } else result.unchanged += 1;
  }
  return result;
}
