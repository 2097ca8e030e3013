"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";

type TSampleValuesProps = { names: string[]; values: Record<string, string | number>; overrides: Record<string, string>; onChange: (overrides: Record<string, string>) => void };

/** The values the preview renders with: the server's samples (in the template's language) unless the user types others. */
export function SampleValues({ names, values, overrides, onChange }: TSampleValuesProps) {
  const t = useTranslations("templates.samples");
  return (
    <Panel
      id="sample-values"
      title={t("title")}
      description={t("description")}
      actions={
        Object.keys(overrides).length > 0 && (
          <Button size="sm" variant="secondary" onClick={() => onChange({})}>
            {t("reset")}
          </Button>
        )
      }
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {names.map((name) => (
          <TextField
            key={name}
            id={`sample-${name}`}
            label={<code dir="ltr" className="font-mono text-xs">{name}</code>}
            // The value decides: Arabic text runs right to left, a Latin name, a link or a number left to right.
            dir="auto"
            value={overrides[name] ?? String(values[name] ?? "")}
            onChange={(e) => onChange({ ...overrides, [name]: e.target.value })}
          />
        ))}
      </div>
    </Panel>
  );
}
