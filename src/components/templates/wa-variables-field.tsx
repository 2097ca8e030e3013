"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { controlClass } from "@/components/ui/styles";

type TWaVariablesFieldProps = { value: string[]; options: string[]; disabled: boolean; error?: string | null; /** Said after the placeholder order, e.g. how a partner's event variables are passed. */ hint?: string; onChange: (value: string[]) => void };

/** The ordered variables that fill a WhatsApp template's {{1}}, {{2}}, ...: add, reorder by button (keyboard too), remove. */
export function WaVariablesField({ value, options, disabled, error, hint, onChange }: TWaVariablesFieldProps) {
  const t = useTranslations("templates.editor");
  const remaining = options.filter((name) => !value.includes(name));
  const [choice, setChoice] = useState("");
  const move = (index: number, by: number) => {
    const next = [...value];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    onChange(next);
  };
  const add = () => {
    const name = choice || remaining[0];
    if (name) onChange([...value, name]);
    setChoice("");
  };
  return (
    <fieldset className="space-y-2" aria-describedby={["waVariables-hint", error ? "waVariables-error" : null].filter(Boolean).join(" ")}>
      <legend className="text-sm font-medium text-slate-800">{t("waVariables")}</legend>
      <p id="waVariables-hint" className="text-xs text-slate-500">
        {t("waVariablesHint")}
        {hint && ` ${hint}`}
      </p>
      {value.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noVariables")}</p>
      ) : (
        <ol className="space-y-1">
          {value.map((name, index) => (
            <li key={name} className="flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1">
              <code dir="ltr" className="w-10 font-mono text-xs text-slate-500">
                {t("waVariablePosition", { position: index + 1 })}
              </code>
              <code dir="ltr" className="flex-1 font-mono text-sm text-slate-900">
                {name}
              </code>
              <Button size="sm" variant="ghost" disabled={disabled || index === 0} aria-label={t("moveUp", { name })} onClick={() => move(index, -1)}>
                <span aria-hidden>↑</span>
              </Button>
              <Button size="sm" variant="ghost" disabled={disabled || index === value.length - 1} aria-label={t("moveDown", { name })} onClick={() => move(index, 1)}>
                <span aria-hidden>↓</span>
              </Button>
              <Button size="sm" variant="dangerGhost" disabled={disabled} aria-label={t("remove", { name })} onClick={() => onChange(value.filter((v) => v !== name))}>
                <span aria-hidden>×</span>
              </Button>
            </li>
          ))}
        </ol>
      )}
      {remaining.length > 0 && (
        <div className="flex items-end gap-2">
          <label className="sr-only" htmlFor="waVariables-add">
            {t("chooseVariable")}
          </label>
          <select id="waVariables-add" value={choice || remaining[0]} disabled={disabled} onChange={(e) => setChoice(e.target.value)} className={`${controlClass} sm:w-56`} dir="ltr">
            {remaining.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <Button variant="secondary" disabled={disabled} onClick={add}>
            {t("addVariable")}
          </Button>
        </div>
      )}
      <FieldError id="waVariables" error={error} />
    </fieldset>
  );
}
