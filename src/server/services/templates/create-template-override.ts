import { Prisma } from "@/generated/prisma/client";
import type { Channel, TemplateAudience } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { contentOf, versionFields, type TTemplateContent } from "@/server/domain/templates";
import { recordAudit } from "@/server/services/audit/record-audit";
import { assertValidTemplate } from "@/server/services/templates/validate-template";
import { findReadableTemplate } from "@/server/services/templates/template-select";
import { PLATFORM_SCOPE } from "@/server/services/templates/template-scope";

export type TCreateTemplateOverrideOptions = {
  principal: TPrincipal;
  labId: string;
  triggerKey: string;
  channel: Channel;
  language: string;
  /** A patient template (the default) or a partner one. */
  audience?: TemplateAudience;
  /** The override's first content; left out, the platform default's current content is copied. */
  content?: TTemplateContent;
};

/** Creates a lab's own template for a trigger, channel and language; it wins over the platform default while active. Returns it with its warnings. */
export async function createTemplateOverride(db: Db, { principal, labId, triggerKey, channel, language, audience = "PATIENT", content }: TCreateTemplateOverrideOptions) {
  return db.$transaction(async (tx) => {
    const identity = { triggerKey, channel, language, audience };
    const named = `${audience === "PARTNER" ? "partner " : ""}${triggerKey}/${channel}/${language}`;
    const existing = await tx.template.findMany({ where: { ...identity, scope: { in: [labId, PLATFORM_SCOPE] } }, select: { id: true, scope: true } });
    const own = existing.find((t) => t.scope === labId);
    if (own) throw new AppError("CONFLICT", `this lab already overrides ${named} (template ${own.id}); update it instead`, "language");
    const platform = existing.find((t) => t.scope === PLATFORM_SCOPE);
    if (!content && !platform) throw new AppError("BAD_REQUEST", `is required: there is no platform default for ${named} to copy`, "content");
    const initial = content ?? contentOf((await findReadableTemplate(tx, labId, platform!.id)).current);
    const warnings = await assertValidTemplate(tx, { ...identity, content: initial });

    const template = await tx.template
      .create({
        data: {
          ...identity,
          scope: labId,
          labId,
          currentVersion: 1,
          versions: { create: { version: 1, ...versionFields(initial), createdById: principal.kind === "user" ? principal.userId : null } },
        },
        select: { id: true },
      })
      .catch((error: unknown) => {
        // A concurrent create of the same override lost the race.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          throw new AppError("CONFLICT", `this lab already overrides ${named}`, "language");
        }
        throw error;
      });
    await recordAudit(tx, { principal, labId, action: "template.override.create", targetType: "template", targetId: template.id, diff: { ...identity, copiedFromPlatform: !content } });
    return { template: await findReadableTemplate(tx, labId, template.id), warnings };
  });
}
