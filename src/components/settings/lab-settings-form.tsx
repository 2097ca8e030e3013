"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { HardStopToggle } from "@/components/settings/hard-stop-toggle";
import { LocaleFields } from "@/components/settings/locale-fields";
import { QuietHoursFields } from "@/components/settings/quiet-hours-fields";
import { fieldBinder, missingQuietHours, SETTINGS_FIELDS, toDraft, toInput, type TLab, type TSettingsDraft } from "@/components/settings/settings-draft";

/** Loads the lab, then edits it; the editor remounts with the stored values after each save. */
export function LabSettingsForm() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("settings");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  // A refetch on focus would reset a half-edited form, so this one loads once and after saves.
  const query = useQuery({ ...trpc.labs.get.queryOptions({ labId: lab.id }), refetchOnWindowFocus: false });
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  if (query.isPending) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (query.isError) return <Notice tone="error" title={t("loadError")}>{messageOf(query.error)}</Notice>;
  return <SettingsEditor key={query.data.updatedAt.toISOString()} lab={query.data} readOnly={!lab.canAdminister} savedAt={savedAt} onSaved={setSavedAt} />;
}

type TSettingsEditorProps = { lab: TLab; readOnly: boolean; savedAt: Date | null; onSaved: (at: Date | null) => void };

function SettingsEditor({ lab, readOnly, savedAt, onSaved }: TSettingsEditorProps) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("settings");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [draft, setDraft] = useState<TSettingsDraft>(() => toDraft(lab));
  const formRef = useRef<HTMLFormElement>(null);
  // Fields the form refused before sending anything (see missingQuietHours), as message keys.
  const [refused, setRefused] = useState<ReturnType<typeof missingQuietHours>>({});

  const save = useMutation(
    trpc.labs.updateSettings.mutationOptions({
      onSuccess: async () => {
        // The shell (lab name in the switcher, hard-stop banner) is rendered on the server.
        router.refresh();
        // The save stays pending (the form disabled) until the stored values are back and the editor
        // has remounted with them: an edit made in between would be dropped by that remount.
        await queryClient.invalidateQueries({ queryKey: trpc.labs.get.queryKey({ labId: lab.id }) });
        onSaved(new Date());
      },
    }),
  );
  const serverErrors = formErrorsOf(save.error, SETTINGS_FIELDS);
  const errors = {
    form: serverErrors.form,
    fields: { ...serverErrors.fields, ...Object.fromEntries(Object.entries(refused).map(([field, key]) => [field, t(`quietHours.${key}`)])) },
  };

  // Keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (save.error || Object.keys(refused).length > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error, refused]);

  function change(patch: Partial<TSettingsDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
    // Editing a refused field (or unticking its box) takes its error away; the rest stay until the next save.
    setRefused((current) => {
      const untouched = Object.entries(current).filter(([field]) => !(field in patch) && !("quietHoursEnabled" in patch));
      return untouched.length === Object.keys(current).length ? current : Object.fromEntries(untouched);
    });
    if (savedAt) onSaved(null);
  }

  const bind = fieldBinder(draft, errors.fields, change);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSaved(null);
    const missing = missingQuietHours(draft);
    setRefused(missing);
    if (Object.keys(missing).length > 0) {
      save.reset();
      return;
    }
    save.mutate({ labId: lab.id, ...toInput(draft) });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={t("pageTitle")} className="space-y-6">
      {readOnly && (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      {savedAt && <Notice tone="success">{t("saved")}</Notice>}
      {errors.form && <Notice tone="error" title={t("notSaved")}>{errors.form}</Notice>}
      {Object.keys(errors.fields).length > 0 && (
        <Notice tone="error" title={t("notSaved")}>
          {t("checkFields")}
        </Notice>
      )}
      {/* A disabled fieldset disables every control inside it, which is the whole read-only mode. */}
      <fieldset disabled={readOnly || save.isPending} className="min-w-0 space-y-6">
        <HardStopToggle checked={draft.hardStop} saved={lab.hardStop} onChange={(hardStop) => change({ hardStop })} error={errors.fields.hardStop} />
        <Panel title={t("lab.title")} description={t("lab.description")}>
          <TextField {...bind("name")} label={t("lab.name")} className="max-w-md" />
        </Panel>
        <Panel title={t("locale.title")} description={t("locale.description")}>
          <LocaleFields draft={draft} errors={errors.fields} onChange={change} />
        </Panel>
        <Panel title={t("delivery.title")}>
          <div className="space-y-6">
            <QuietHoursFields draft={draft} errors={errors.fields} onChange={change} />
            <TextField
              {...bind("retentionDays")}
              type="number"
              inputMode="numeric"
              label={t("delivery.retention")}
              hint={t("delivery.retentionHint")}
              inputClassName="max-w-40"
            />
          </div>
        </Panel>
      </fieldset>
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" busy={save.isPending}>
            {t("save")}
          </Button>
          <Button variant="ghost" disabled={save.isPending} onClick={() => { setDraft(toDraft(lab)); setRefused({}); save.reset(); onSaved(null); }}>
            {t("discard")}
          </Button>
        </div>
      )}
    </form>
  );
}
