import type { Prisma } from "@/generated/prisma/client";
import type { Channel, TemplateAudience } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { TTemplateContent, TTemplateProblem } from "@/server/domain/templates";
import { checkTemplateContent } from "@/server/services/templates/check-template-content";
import { findTrigger } from "@/server/services/triggers/find-trigger";

export type TValidateTemplateOptions = { triggerKey: string; channel: Channel; language: string; content: TTemplateContent; audience?: TemplateAudience };

/**
 * Every problem with this content for the trigger, without saving anything.
 * Fields are paths in the procedures' input ("content.body"), so a form can put
 * each message by its field. The trigger is returned for callers that go on.
 */
export async function validateTemplate(db: Db | Prisma.TransactionClient, { triggerKey, channel, language, content, audience = "PATIENT" }: TValidateTemplateOptions) {
  const trigger = await findTrigger(db, triggerKey);
  // Partners are never told of a patient-only trigger, so a partner template of one would never be read.
  if (audience === "PARTNER" && trigger.audience === "PATIENT") {
    const problem: TTemplateProblem = { field: "audience", severity: "error", message: `${trigger.key} is told to patients only (its audience is PATIENT)`, params: { reason: "patient_only_trigger", trigger: trigger.key } };
    return { valid: false, problems: [problem], trigger };
  }
  const problems = checkTemplateContent({ trigger, channel, language, content, audience }).map((problem) =>
    problem.field === "channel" ? problem : { ...problem, field: `content.${problem.field}` },
  );
  return { valid: !problems.some((p) => p.severity === "error"), problems, trigger };
}

/** Refuses a save naming every error, as "content.body: unknown variable {{ patientNme }} for REPORT_READY; content.subject: ...". */
export async function assertValidTemplate(db: Db | Prisma.TransactionClient, options: TValidateTemplateOptions): Promise<TTemplateProblem[]> {
  const { problems } = await validateTemplate(db, options);
  const errors = problems.filter((p) => p.severity === "error").map(({ field, message, params }) => ({ field, message, ...(params && { params }) }));
  if (errors.length > 0) throw AppError.forFields("BAD_REQUEST", [errors[0]!, ...errors.slice(1)]);
  return problems;
}
