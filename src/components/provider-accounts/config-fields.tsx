"use client";

import { useTranslations } from "next-intl";
import { controlClass } from "@/components/ui/styles";
import { FieldShell, fieldAria, TextField } from "@/components/ui/field";

/** One property of a provider's config as JSON Schema describes it (the parts the form reads). */
type TPropertySchema = { type?: string | string[]; title?: string; description?: string; enum?: unknown[]; default?: unknown };

export type TConfigField = { key: string; kind: "text" | "number" | "boolean" | "choice" | "json"; secret: boolean; required: boolean; choices: string[]; schema: TPropertySchema };

/** The form's fields for a provider's config schema: one per property, in the schema's order. */
export function configFieldsOf(schema: Record<string, unknown>, secretFields: readonly string[]): TConfigField[] {
  const properties = (schema.properties ?? {}) as Record<string, TPropertySchema>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([key, property]) => {
    const type = Array.isArray(property.type) ? property.type.find((t) => t !== "null") : property.type;
    const choices = (property.enum ?? []).filter((v): v is string => typeof v === "string");
    const kind: TConfigField["kind"] =
      choices.length > 0 ? "choice" : type === "string" ? "text" : type === "number" || type === "integer" ? "number" : type === "boolean" ? "boolean" : "json";
    return { key, kind, secret: secretFields.includes(key), required: required.has(key), choices, schema: property };
  });
}

/** What a field shows for a stored value: secrets never (the API only says whether one is set). */
export function formValueOf(field: TConfigField, stored: unknown): string {
  if (field.secret || stored === undefined || stored === null) return "";
  if (field.kind === "json") return JSON.stringify(stored, null, 2);
  return String(stored);
}

/**
 * The config to send, from the form's text: blank fields are left out, so a blank secret keeps the
 * stored one; a JSON field that does not parse is named in `invalid`.
 */
export function configFromForm(fields: TConfigField[], values: Record<string, string>): { config: Record<string, unknown>; invalid: string[] } {
  const config: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const field of fields) {
    const raw = (values[field.key] ?? "").trim();
    if (raw === "") continue;
    if (field.kind === "number") config[field.key] = Number(raw);
    else if (field.kind === "boolean") config[field.key] = raw === "true";
    else if (field.kind === "json") {
      try {
        config[field.key] = JSON.parse(raw);
      } catch {
        invalid.push(field.key);
      }
    } else config[field.key] = raw;
  }
  return { config, invalid };
}

type TConfigFieldsProps = {
  idPrefix: string;
  provider: string;
  fields: TConfigField[];
  values: Record<string, string>;
  /** Whether each secret already has a stored value (edit), so its field says a blank keeps it. */
  storedSecrets: Record<string, boolean>;
  errors: Record<string, string>;
  onChange: (key: string, value: string) => void;
};

/**
 * The provider's settings as form fields. Labels and hints come from the message files where the
 * field is known (per provider, then shared), else from the schema's own title and description, so
 * a provider added to the registry gets a working form without a change here.
 */
export function ConfigFields({ idPrefix, provider, fields, values, storedSecrets, errors, onChange }: TConfigFieldsProps) {
  const t = useTranslations("providerAccounts.config");
  const text = (key: string, part: "label" | "hint"): string | null => {
    for (const path of [`fields.${provider}.${key}.${part}`, `fields.${key}.${part}`] as const) if (t.has(path)) return t(path);
    return null;
  };

  return (
    <>
      {fields.map((field) => {
        const id = `${idPrefix}-${field.key}`;
        const name = text(field.key, "label") ?? field.schema.title ?? field.key;
        const label = field.required ? name : t("optional", { label: name });
        const hints = [
          text(field.key, "hint") ?? field.schema.description ?? null,
          field.secret ? t(storedSecrets[field.key] ? "secretStored" : "secretNew") : null,
          field.kind === "json" ? t("jsonHint") : null,
        ].filter(Boolean);
        const hint = hints.length > 0 ? hints.join(" ") : undefined;
        const error = errors[`config.${field.key}`] ?? null;
        const value = values[field.key] ?? "";
        if (field.kind === "choice" || field.kind === "boolean") {
          const options = field.kind === "boolean" ? ["true", "false"] : field.choices;
          return (
            <FieldShell key={field.key} id={id} label={label} hint={hint} error={error}>
              <select {...fieldAria(id, error, hint)} value={value} onChange={(e) => onChange(field.key, e.target.value)} className={controlClass}>
                <option value="">{t("unset")}</option>
                {options.map((option) => (
                  <option key={option} value={option}>
                    {field.kind === "boolean" ? t(option === "true" ? "yes" : "no") : option}
                  </option>
                ))}
              </select>
            </FieldShell>
          );
        }
        if (field.kind === "json") {
          return (
            <FieldShell key={field.key} id={id} label={label} hint={hint} error={error} className="sm:col-span-2">
              <textarea
                {...fieldAria(id, error, hint)}
                dir="ltr"
                rows={4}
                value={value}
                onChange={(e) => onChange(field.key, e.target.value)}
                className={`${controlClass} font-mono text-xs`}
              />
            </FieldShell>
          );
        }
        return (
          <TextField
            key={field.key}
            id={id}
            label={label}
            hint={hint}
            error={error}
            dir="ltr"
            value={value}
            type={field.secret ? "password" : field.kind === "number" ? "number" : "text"}
            // Write-only: the browser must not offer to fill a provider's secret with a saved password.
            autoComplete={field.secret ? "new-password" : "off"}
            placeholder={field.secret && storedSecrets[field.key] ? "••••••••" : undefined}
            onChange={(e) => onChange(field.key, e.target.value)}
          />
        );
      })}
    </>
  );
}
