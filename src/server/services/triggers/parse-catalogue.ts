import { AppError } from "@/server/errors";
import { ZCatalogue, type TCatalogue } from "@/server/domain/triggers";
import { checkTemplateContent } from "@/server/services/templates/check-template-content";

/**
 * Validates a catalogue (zod shape, then every default template against its
 * trigger), so a bad file is refused before anything is written. Errors name
 * `source` and the path in it: "config/templates.v1.json: templates.12.body: ...".
 */
export function parseCatalogue(raw: unknown, source: string): TCatalogue {
  const parsed = ZCatalogue.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", `${issue.path.join(".") || "(root)"}: ${issue.message}`, source);
  }
  const catalogue = parsed.data;
  const triggers = new Map(catalogue.triggers.map((trigger) => [trigger.key, trigger]));
  if (triggers.size !== catalogue.triggers.length) throw new AppError("BAD_REQUEST", "triggers: expected each trigger key once", source);

  const seen = new Set<string>();
  catalogue.templates.forEach(({ trigger: key, channel, language, audience, ...content }, index) => {
    const at = `templates.${index}`;
    const trigger = triggers.get(key);
    if (!trigger) throw new AppError("BAD_REQUEST", `${at}.trigger: unknown trigger ${key}`, source);
    const identity = `${audience === "PARTNER" ? "partner " : ""}${key}/${channel}/${language}`;
    if (audience === "PARTNER" && trigger.audience === "PATIENT") throw new AppError("BAD_REQUEST", `${at}.audience: ${key} is told to patients only`, source);
    if (seen.has(identity)) throw new AppError("BAD_REQUEST", `${at}: a second template for ${identity}`, source);
    seen.add(identity);
    const problem = checkTemplateContent({ trigger, channel, language, content, audience }).find((p) => p.severity === "error");
    if (problem) throw new AppError("BAD_REQUEST", `${at}.${problem.field}: ${problem.message}`, source);
  });
  return catalogue;
}
