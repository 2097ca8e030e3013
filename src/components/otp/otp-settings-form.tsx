"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import type { TApiError, TFormErrors } from "@/trpc/errors";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { FieldError, SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";
import { OTP_CHANNELS, OTP_SETTINGS_FIELDS, toDraft, toInput, type TNumberField, type TOtpSettings, type TOtpSettingsDraft } from "@/components/otp/otp-settings-draft";

/** The lab's OTP settings: loaded once, edited, saved; the editor remounts with the stored values after each save. */
export function OtpSettingsForm() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("otp.settings");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  // A refetch on focus would reset a half-edited form.
  const query = useQuery({ ...trpc.otp.settings.queryOptions({ labId: lab.id }), refetchOnWindowFocus: false });
  const [savedAt, setSavedAt] = useState<number | null>(null);

  return (
    <Panel id="otp-settings" title={t("title")} description={t("description")}>
      {query.isPending ? (
        <p className="text-sm text-slate-500">{t("loading")}</p>
      ) : query.isError ? (
        <Notice tone="error">{messageOf(query.error)}</Notice>
      ) : (
        <SettingsEditor key={savedAt ?? 0} settings={query.data} readOnly={!lab.canAdminister} saved={savedAt !== null} onSaved={setSavedAt} />
      )}
    </Panel>
  );
}

type TSettingsEditorProps = { settings: TOtpSettings; readOnly: boolean; saved: boolean; onSaved: (at: number) => void };

function SettingsEditor({ settings, readOnly, saved, onSaved }: TSettingsEditorProps) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("otp.settings");
  const tChannel = useTranslations("otp.channel");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [draft, setDraft] = useState<TOtpSettingsDraft>(() => toDraft(settings));
  const [edited, setEdited] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const save = useMutation(
    trpc.otp.updateSettings.mutationOptions({
      onSuccess: (stored) => {
        queryClient.setQueryData(trpc.otp.settings.queryKey({ labId: lab.id }), stored);
        onSaved(Date.now());
      },
    }),
  );
  const errors = errorsOf(formErrorsOf(save.error, OTP_SETTINGS_FIELDS), save.error, save.variables?.countries ?? []);

  // Keyboard and screen-reader users land on the first field to fix.
  useEffect(() => {
    if (save.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  function change(patch: Partial<TOtpSettingsDraft>) {
    setDraft((current) => ({ ...current, ...patch }));
    setEdited(true);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setEdited(false);
    save.mutate({ labId: lab.id, ...toInput(draft) });
  }

  const number = (field: TNumberField, hint?: string) => (
    <TextField
      id={`otp-${field}`}
      type="number"
      inputMode="numeric"
      label={t(`fields.${field}`)}
      hint={hint}
      value={draft[field]}
      onChange={(event) => change({ [field]: event.target.value })}
      error={errors.fields[field]}
      inputClassName="max-w-40"
    />
  );
  const channelsError = errors.fields.channels;

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={t("title")} className="space-y-6">
      {readOnly && (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      {saved && !edited && !save.error && <Notice tone="success">{t("saved")}</Notice>}
      {errors.form && <Notice tone="error" title={t("notSaved")}>{errors.form}</Notice>}
      {Object.keys(errors.fields).length > 0 && (
        <Notice tone="error" title={t("notSaved")}>
          {t("checkFields")}
        </Notice>
      )}
      {/* A disabled fieldset disables every control inside it, which is the whole read-only mode. */}
      <fieldset disabled={readOnly || save.isPending} className="min-w-0 space-y-6">
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-800">{t("fields.channels")}</legend>
          <p id="otp-channels-hint" className="text-xs text-slate-500">
            {t("hints.channels")}
          </p>
          <div className="grid max-w-2xl gap-4 sm:grid-cols-3">
            {draft.channels.map((channel, place) => (
              <SelectField
                key={place}
                id={`otp-channel-${place}`}
                label={t(`places.${place}` as "places.0")}
                value={channel}
                onChange={(event) => change({ channels: draft.channels.map((c, i) => (i === place ? event.target.value : c)) })}
                aria-invalid={channelsError ? true : undefined}
                aria-describedby={["otp-channels-hint", channelsError ? "otp-channels-error" : null].filter(Boolean).join(" ")}
              >
                <option value="">{t("noChannel")}</option>
                {OTP_CHANNELS.map((option) => (
                  <option key={option} value={option}>
                    {tChannel(option)}
                  </option>
                ))}
              </SelectField>
            ))}
          </div>
          <FieldError id="otp-channels" error={channelsError} />
        </fieldset>

        <div className="grid gap-6 sm:grid-cols-2">
          {number("expiryMinutes", t("hints.expiryMinutes"))}
          {number("codeLength", t("hints.codeLength"))}
          {number("resendCooldownSeconds", t("hints.resendCooldownSeconds"))}
          {number("fallbackAfterSeconds", t("hints.fallbackAfterSeconds"))}
          {number("startsPerCallerPerMinute", t("hints.startsPerCallerPerMinute"))}
          {number("startsPerLabPerHour", t("hints.startsPerLabPerHour"))}
        </div>

        <div className="space-y-3">
          <TextField
            id="otp-countries"
            label={t("fields.countries")}
            hint={t("hints.countries")}
            value={draft.countries}
            onChange={(event) => change({ countries: event.target.value })}
            error={errors.fields.countries}
            dir="ltr"
            className="max-w-md"
          />
          <div className="flex items-start gap-2">
            <input
              id="otp-allowOtherCountries"
              type="checkbox"
              checked={draft.allowOtherCountries}
              onChange={(event) => change({ allowOtherCountries: event.target.checked })}
              aria-describedby="otp-allowOtherCountries-hint"
              className={`mt-0.5 size-4 rounded border-slate-300 accent-sky-700 ${focusRing}`}
            />
            <div>
              <label htmlFor="otp-allowOtherCountries" className="text-sm font-medium text-slate-800">
                {t("fields.allowOtherCountries")}
              </label>
              <p id="otp-allowOtherCountries-hint" className="text-xs text-slate-500">
                {t("hints.allowOtherCountries")}
              </p>
              <FieldError id="otp-allowOtherCountries" error={errors.fields.allowOtherCountries} />
            </div>
          </div>
        </div>
      </fieldset>
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" busy={save.isPending}>
            {t("save")}
          </Button>
          <Button
            variant="ghost"
            disabled={save.isPending}
            onClick={() => {
              setDraft(toDraft(settings));
              setEdited(false);
              save.reset();
            }}
          >
            {t("discard")}
          </Button>
        </div>
      )}
    </form>
  );
}

/**
 * The server's errors by field. A country the server refused is named with its message, since the
 * field holds a list ("QQ: expected a known ISO 3166-1 alpha-2 country code").
 */
function errorsOf(placed: TFormErrors, error: TApiError | null, countries: readonly string[]) {
  // Paths arrive as strings ("countries", "1").
  const refused = (error?.data?.zodIssues ?? []).flatMap((issue) => {
    const country = issue.path[0] === "countries" && issue.path.length === 2 ? countries[Number(issue.path[1])] : undefined;
    return country ? [`${country}: ${issue.message}`] : [];
  });
  return refused.length > 0 ? { ...placed, fields: { ...placed.fields, countries: refused.join("; ") } } : placed;
}
