import type { TTemplateContent, TTemplateProblem } from "@/server/domain/templates";

export type TChannel = "SMS" | "WHATSAPP" | "EMAIL";

/** The editor's text fields: every one a string, "" when absent. */
export type TDraft = {
  body: string;
  subject: string;
  html: string;
  text: string;
  waTemplateName: string;
  waContentSid: string;
  waLanguage: string;
  waVariables: string[];
};

/**
 * A field's Liquid source reads in the direction of its own text, not the page's nor the template
 * language's: HTML is code, left to right; in a body each line takes the direction of its first letter,
 * so an Arabic sentence reads right to left and a line of Liquid (`{% for e in events %}`,
 * `{{ partnerName }}: ...`) left to right, its braces and filters in order.
 */
export function sourceDirection(code: boolean): { dir: "ltr" | "auto"; style?: { unicodeBidi: "plaintext" } } {
  return code ? { dir: "ltr" } : { dir: "auto", style: { unicodeBidi: "plaintext" } };
}

export const CHANNEL_FIELDS: Record<TChannel, (keyof TDraft)[]> = {
  SMS: ["body"],
  EMAIL: ["subject", "html", "text"],
  WHATSAPP: ["body", "waTemplateName", "waContentSid", "waLanguage", "waVariables"],
};

export function draftOf(content: Partial<Record<keyof TDraft, string | string[] | null>> | undefined): TDraft {
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  return {
    body: text(content?.body),
    subject: text(content?.subject),
    html: text(content?.html),
    text: text(content?.text),
    waTemplateName: text(content?.waTemplateName),
    waContentSid: text(content?.waContentSid),
    waLanguage: text(content?.waLanguage),
    waVariables: Array.isArray(content?.waVariables) ? content.waVariables : [],
  };
}

/** What the server takes: the channel's fields only, empty ones left out (an empty template name is not a name). */
export function contentOfDraft(channel: TChannel, draft: TDraft): TTemplateContent {
  const content: Record<string, string | string[]> = {};
  for (const field of CHANNEL_FIELDS[channel]) {
    const value = draft[field];
    if (Array.isArray(value) ? value.length > 0 : value !== "") content[field] = value;
  }
  return content as TTemplateContent;
}

export function sameDraft(channel: TChannel, a: TDraft, b: TDraft): boolean {
  return JSON.stringify(contentOfDraft(channel, a)) === JSON.stringify(contentOfDraft(channel, b));
}

export type TFieldProblems = Partial<Record<keyof TDraft | "form", TTemplateProblem[]>>;

/** Problems by the editor field they belong to: "content.waVariables.1" goes to waVariables, "channel" to the form. */
export function problemsByField(problems: readonly TTemplateProblem[]): TFieldProblems {
  const byField: TFieldProblems = {};
  for (const problem of problems) {
    const name = problem.field.replace(/^content\./, "").split(".")[0]!;
    const key = (name in draftOf(undefined) ? name : "form") as keyof TFieldProblems;
    (byField[key] ??= []).push(problem);
  }
  return byField;
}
