"use client";

import { useMemo, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { focusRing } from "@/components/ui/styles";
import { ConfigFields, configFieldsOf, configFromForm, formValueOf } from "@/components/provider-accounts/config-fields";
import type { TAccount, TChannel, TProviderOption } from "@/components/provider-accounts/types";

type TAccountFormProps = { channel: TChannel; providers: TProviderOption[]; account: TAccount | null; onDone: () => void };

const ACCOUNT_FIELDS = ["provider", "name", "sendRatePerSecond", "maxAttempts", "atLeastOnce", "active"] as const;

/** Creates an account (account null) or edits one; the provider's settings are generated from its config schema. */
export function AccountForm({ channel, providers, account, onDone }: TAccountFormProps) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("providerAccounts.form");
  const tAccounts = useTranslations("providerAccounts");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [provider, setProvider] = useState(account?.provider ?? providers[0]?.provider ?? "");
  const option = providers.find((p) => p.provider === provider) ?? null;
  const fields = useMemo(() => (option ? configFieldsOf(option.configSchema, option.secretFields) : []), [option]);
  const stored = account?.config ?? {};
  const [name, setName] = useState(account?.name ?? "");
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(fields.map((field) => [field.key, formValueOf(field, stored[field.key])])),
  );
  const [rate, setRate] = useState(account?.sendRatePerSecond != null ? String(account.sendRatePerSecond) : "");
  const [maxAttempts, setMaxAttempts] = useState(String(account?.maxAttempts ?? 3));
  const [atLeastOnce, setAtLeastOnce] = useState(account?.atLeastOnce ?? false);
  const [active, setActive] = useState(true);
  const [invalidJson, setInvalidJson] = useState<string[]>([]);
  const storedSecrets = Object.fromEntries((option?.secretFields ?? []).map((key) => [key, (stored[key] as { set?: boolean } | undefined)?.set === true]));

  const onSuccess = async () => {
    await queryClient.invalidateQueries(trpc.businessAccounts.pathFilter());
    onDone();
  };
  const create = useMutation(trpc.businessAccounts.create.mutationOptions({ onSuccess }));
  const update = useMutation(trpc.businessAccounts.update.mutationOptions({ onSuccess }));
  const mutation = account ? update : create;
  const errors = formErrorsOf(mutation.error, [...ACCOUNT_FIELDS, ...fields.map((f) => `config.${f.key}`)]);
  const fieldErrors: Record<string, string> = { ...errors.fields };
  for (const key of invalidJson) fieldErrors[`config.${key}`] = t("invalidJson");

  const providerRate = option?.providerRatePerSecond ?? null;
  const prefix = account ? `edit-${account.id}` : `new-${channel}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { config, invalid } = configFromForm(fields, values);
    setInvalidJson(invalid);
    if (invalid.length > 0) return;
    const common = {
      labId: lab.id,
      name,
      config,
      sendRatePerSecond: rate.trim() === "" ? null : Number(rate),
      maxAttempts: Number(maxAttempts),
      atLeastOnce,
    };
    if (account) update.mutate({ ...common, id: account.id });
    else if (option) create.mutate({ ...common, channel, provider: option.provider, active });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${prefix}-title`} className="space-y-4 rounded-lg border border-sky-200 bg-sky-50/40 p-4">
      <h3 id={`${prefix}-title`} className="font-semibold text-slate-900">
        {account ? t("editTitle", { name: account.name }) : t("createTitle", { channel: tAccounts(`channels.${channel}`) })}
      </h3>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <div className="grid gap-4 sm:grid-cols-2">
        {account ? (
          <TextField id={`${prefix}-provider`} label={t("provider")} value={provider} readOnly disabled dir="ltr" />
        ) : (
          <SelectField
            id={`${prefix}-provider`}
            label={t("provider")}
            value={provider}
            onChange={(e) => {
              setProvider(e.target.value);
              setValues({});
            }}
            error={fieldErrors.provider}
          >
            {providers.map((p) => (
              <option key={p.provider} value={p.provider}>
                {tAccounts("providerName", { provider: p.provider })}
              </option>
            ))}
          </SelectField>
        )}
        <TextField id={`${prefix}-name`} label={t("name")} hint={t("nameHint")} value={name} onChange={(e) => setName(e.target.value)} error={fieldErrors.name} />
      </div>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">{t("settings", { provider: tAccounts("providerName", { provider }) })}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <ConfigFields
            key={provider}
            idPrefix={prefix}
            provider={provider}
            fields={fields}
            values={values}
            storedSecrets={storedSecrets}
            errors={fieldErrors}
            onChange={(key, value) => setValues((current) => ({ ...current, [key]: value }))}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">{t("sending")}</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id={`${prefix}-rate`}
            label={t("rate")}
            type="number"
            min={0}
            step="any"
            inputMode="decimal"
            value={rate}
            placeholder={providerRate !== null ? format.number(providerRate) : undefined}
            hint={providerRate !== null ? t("rateHintProvider", { rate: format.number(providerRate) }) : t("rateHintNone")}
            onChange={(e) => setRate(e.target.value)}
            error={fieldErrors.sendRatePerSecond}
          />
          <TextField
            id={`${prefix}-attempts`}
            label={t("attempts")}
            hint={t("attemptsHint")}
            type="number"
            min={1}
            max={10}
            value={maxAttempts}
            onChange={(e) => setMaxAttempts(e.target.value)}
            error={fieldErrors.maxAttempts}
          />
        </div>
        <Checkbox id={`${prefix}-at-least-once`} checked={atLeastOnce} onChange={setAtLeastOnce} label={t("atLeastOnce")} hint={t(option?.idempotent ? "atLeastOnceIdempotent" : "atLeastOnceHint")} />
        {!account && <Checkbox id={`${prefix}-active`} checked={active} onChange={setActive} label={t("active")} hint={t("activeHint")} />}
      </fieldset>

      <div className="flex flex-wrap gap-2">
        <Button type="submit" busy={mutation.isPending}>
          {account ? t("save") : t("create")}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

function Checkbox({ id, checked, onChange, label, hint }: { id: string; checked: boolean; onChange: (value: boolean) => void; label: string; hint: string }) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={`${id}-hint`}
        className={`mt-0.5 size-4 rounded border-slate-300 text-sky-700 ${focusRing}`}
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      </div>
    </div>
  );
}
