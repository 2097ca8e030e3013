import type { Channel, TemplateAudience } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { TRendered } from "@/server/domain/notifications";
import { smsSegments, type TSmsSegments } from "@/server/domain/sms-segments";
import { contentOf, textDirection, versionFields, type TTemplateContent, type TTemplateProblem } from "@/server/domain/templates";
import { TemplateRenderError, renderDraft } from "@/server/services/templates/render-template";
import { samplePartnerVariables, sampleVariables } from "@/server/services/templates/sample-variables";
import { findReadableTemplate } from "@/server/services/templates/template-select";
import { validateTemplate } from "@/server/services/templates/validate-template";

export type TTemplateDraft = { triggerKey: string; channel: Channel; language: string; content: TTemplateContent; audience?: TemplateAudience };

export type TPreviewTemplateOptions = {
  labId: string;
  /** A stored template (its current version) ... */
  templateId?: string;
  /** ... or unsaved content. */
  draft?: TTemplateDraft;
  /** Values to render with; the trigger's other variables get sample values. */
  variables?: Record<string, string | number>;
};

export type TTemplatePreview = {
  triggerKey: string;
  channel: Channel;
  language: string;
  /** "rtl" for Arabic and other right-to-left languages: show the preview that way. */
  dir: "ltr" | "rtl";
  variables: Record<string, unknown>;
  rendered: TRendered | null;
  sms: TSmsSegments | null;
  problems: TTemplateProblem[];
};

/** Renders a stored template or a draft with sample values, with its problems, SMS segments and direction. */
export async function previewTemplate(db: Db, { labId, templateId, draft, variables = {} }: TPreviewTemplateOptions): Promise<TTemplatePreview> {
  if (Boolean(templateId) === Boolean(draft)) throw new AppError("BAD_REQUEST", "give either a templateId or a draft to preview", "templateId");
  const { triggerKey, channel, language, content, audience = "PATIENT" } = templateId ? await storedDraft(db, labId, templateId) : draft!;
  const { problems, trigger, valid } = await validateTemplate(db, { triggerKey, channel, language, content, audience });
  const samples = audience === "PARTNER" ? samplePartnerVariables(trigger.variables, language) : sampleVariables(trigger.variables, language);
  const values = { ...samples, ...variables };

  let rendered: TRendered | null = null;
  try {
    rendered = renderDraft({ channel, language, ...versionFields(content) }, values);
  } catch (error) {
    if (!(error instanceof TemplateRenderError)) throw error;
    // Errors found by validation already explain a failed render.
    if (valid) problems.push({ field: `content.${error.field}`, severity: "error", message: error.reason });
  }
  const sms = channel === "SMS" && rendered ? smsSegments(rendered.body ?? "") : null;
  return { triggerKey, channel, language, dir: textDirection(language), variables: values, rendered, sms, problems };
}

async function storedDraft(db: Db, labId: string, templateId: string): Promise<TTemplateDraft> {
  const template = await findReadableTemplate(db, labId, templateId);
  return { triggerKey: template.triggerKey, channel: template.channel, language: template.language, audience: template.audience, content: contentOf(template.current) };
}
