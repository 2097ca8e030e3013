"use client";

import type { ReactNode } from "react";
import { useTranslations } from "next-intl";
import { TextAreaField, TextField } from "@/components/ui/field";
import { CHANNEL_FIELDS, sourceDirection, type TChannel, type TDraft, type TFieldProblems } from "@/components/templates/template-draft";
import { WaVariablesField } from "@/components/templates/wa-variables-field";

type TTemplateFieldsProps = {
  channel: TChannel;
  draft: TDraft;
  variables: string[];
  /** How the WhatsApp binding's variables are filled, beyond their order (a partner's event variables). */
  bindingHint?: string;
  problems: TFieldProblems;
  disabled: boolean;
  onChange: (draft: TDraft) => void;
};

/** The channel's fields, each with its errors beside it and its warnings under it. */
export function TemplateFields({ channel, draft, variables, bindingHint, problems, disabled, onChange }: TTemplateFieldsProps) {
  const t = useTranslations("templates.editor");
  const fields = CHANNEL_FIELDS[channel];
  const errorOf = (field: keyof TDraft) => problems[field]?.filter((p) => p.severity === "error").map((p) => p.message).join("; ") || null;
  const hintOf = (field: keyof TDraft, hint?: string): ReactNode => {
    const warnings = problems[field]?.filter((p) => p.severity === "warning") ?? [];
    if (warnings.length === 0) return hint;
    return (
      <>
        {hint && <span className="block">{hint}</span>}
        {warnings.map((w) => (
          <span key={w.message} className="block font-medium text-amber-800">
            {t("warning")}: {w.message}
          </span>
        ))}
      </>
    );
  };
  const set = (field: keyof TDraft) => (event: { target: { value: string } }) => onChange({ ...draft, [field]: event.target.value });
  const text = (field: "body" | "subject" | "html" | "text", label: string, rows: number, hint?: string, code = false) => (
    <TextAreaField
      id={field}
      label={label}
      rows={rows}
      {...sourceDirection(code)}
      value={draft[field]}
      disabled={disabled}
      onChange={set(field)}
      error={errorOf(field)}
      hint={hintOf(field, hint)}
      className={code ? "font-mono" : ""}
    />
  );

  return (
    <div className="space-y-4">
      {fields.includes("subject") && (
        <TextField id="subject" label={t("subject")} {...sourceDirection(false)} value={draft.subject} disabled={disabled} onChange={set("subject")} error={errorOf("subject")} hint={hintOf("subject")} />
      )}
      {fields.includes("html") && text("html", t("html"), 12, undefined, true)}
      {fields.includes("text") && text("text", t("text"), 5)}
      {channel === "SMS" && text("body", t("body"), 5)}
      {channel === "WHATSAPP" && (
        <>
          {text("body", t("bodyWhatsApp"), 4, t("bodyWhatsAppHint"))}
          <fieldset className="space-y-4 rounded-lg border border-slate-200 p-4">
            <legend className="px-1 text-sm font-semibold text-slate-900">{t("bindingTitle")}</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField id="waTemplateName" label={t("waTemplateName")} dir="ltr" value={draft.waTemplateName} disabled={disabled} onChange={set("waTemplateName")} error={errorOf("waTemplateName")} hint={hintOf("waTemplateName", t("waTemplateNameHint"))} />
              <TextField id="waContentSid" label={t("waContentSid")} dir="ltr" value={draft.waContentSid} disabled={disabled} onChange={set("waContentSid")} error={errorOf("waContentSid")} hint={hintOf("waContentSid", t("waContentSidHint"))} />
              <TextField id="waLanguage" label={t("waLanguage")} dir="ltr" value={draft.waLanguage} disabled={disabled} onChange={set("waLanguage")} error={errorOf("waLanguage")} hint={hintOf("waLanguage", t("waLanguageHint"))} inputClassName="sm:w-40" />
            </div>
            <WaVariablesField value={draft.waVariables} options={variables} disabled={disabled} error={errorOf("waVariables")} hint={bindingHint} onChange={(waVariables) => onChange({ ...draft, waVariables })} />
          </fieldset>
        </>
      )}
    </div>
  );
}
