"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { formErrorsOf, messageOf } from "@/trpc/errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { HardStopToggle } from "@/components/settings/hard-stop-toggle";
import { LocaleFields } from "@/components/settings/locale-fields";
import { QuietHoursFields } from "@/components/settings/quiet-hours-fields";
import { fieldBinder, SETTINGS_FIELDS, toDraft, toInput, type TLab, type TSettingsDraft } from "@/components/settings/settings-draft";

/** Loads the lab, then edits it; the editor remounts with fresh values after each save. */
export function LabSettingsForm() {
  const trpc = useTRPC();
  const lab = useCurrentLab();
  // A refetch on focus would reset a half-edited form, so this one loads once and after saves.
  const query = useQuery({ ...trpc.labs.get.queryOptions({ labId: lab.id }), refetchOnWindowFocus: false });
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  if (query.isPending) return <p className="text-sm text-slate-500">Loading settings…</p>;
  if (query.isError) return <Notice tone="error" title="Could not load the settings">{messageOf(query.error)}</Notice>;
  return <SettingsEditor key={query.data.updatedAt.toISOString()} lab={query.data} readOnly={!lab.canAdminister} savedAt={savedAt} onSaved={setSavedAt} />;
}

type TSettingsEditorProps = { lab: TLab; readOnly: boolean; savedAt: Date | null; onSaved: (at: Date | null) => void };

function SettingsEditor({ lab, readOnly, savedAt, onSaved }: TSettingsEditorProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [draft, setDraft] = useState<TSettingsDraft>(() => toDraft(lab));
  const formRef = useRef<HTMLFormElement>(null);

  const save = useMutation(
    trpc.labs.updateSettings.mutationOptions({
      onSuccess: () => {
        onSaved(new Date());
        // Not awaited: the form is usable at once, and remounts with the stored values when they arrive.
        void queryClient.invalidateQueries({ queryKey: trpc.labs.get.queryKey({ labId: lab.id }) });
        // The shell (lab name in the switcher, hard-stop banner) is rendered on the server.
        router.refresh();
      },
    }),
  );
  const errors = formErrorsOf(save.error, SETTINGS_FIELDS);

  // Keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (save.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  function change(patch: Partial<TSettingsDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
    if (savedAt) onSaved(null);
  }

  const bind = fieldBinder(draft, errors.fields, change);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSaved(null);
    save.mutate({ labId: lab.id, ...toInput(draft) });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="Lab settings" className="space-y-6">
      {readOnly && (
        <Notice tone="info" title="Read-only">
          You have staff access to this lab, so you can see these settings but not change them. Ask a lab admin for changes.
        </Notice>
      )}
      {savedAt && <Notice tone="success">Settings saved.</Notice>}
      {errors.form && <Notice tone="error" title="Settings were not saved">{errors.form}</Notice>}
      {Object.keys(errors.fields).length > 0 && (
        <Notice tone="error" title="Settings were not saved">
          Check the highlighted fields.
        </Notice>
      )}
      {/* A disabled fieldset disables every control inside it, which is the whole read-only mode. */}
      <fieldset disabled={readOnly || save.isPending} className="min-w-0 space-y-6">
        <HardStopToggle checked={draft.hardStop} saved={lab.hardStop} onChange={(hardStop) => change({ hardStop })} error={errors.fields.hardStop} />
        <Panel title="Lab" description="The name staff see in the dashboard.">
          <TextField {...bind("name")} label="Lab name" className="max-w-md" />
        </Panel>
        <Panel title="Language and region" description="Defaults for contacts who have not told us otherwise.">
          <LocaleFields draft={draft} errors={errors.fields} onChange={change} />
        </Panel>
        <Panel title="Delivery and retention">
          <div className="space-y-6">
            <QuietHoursFields draft={draft} errors={errors.fields} onChange={change} />
            <TextField
              {...bind("retentionDays")}
              type="number"
              inputMode="numeric"
              label="Retention (days)"
              hint="How long message history is kept before it is deleted: 1 to 3650 days."
              inputClassName="max-w-40"
            />
          </div>
        </Panel>
      </fieldset>
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" busy={save.isPending}>
            Save settings
          </Button>
          <Button variant="ghost" disabled={save.isPending} onClick={() => { setDraft(toDraft(lab)); save.reset(); onSaved(null); }}>
            Discard changes
          </Button>
        </div>
      )}
    </form>
  );
}
