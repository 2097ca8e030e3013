"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { TChannel } from "@/components/provider-accounts/types";
import { ChannelCheckboxes } from "@/components/partners/channel-checkboxes";
import { usePartnerText } from "@/components/partners/use-partner-text";

const FIELDS = ["rule.triggerKey", "rule.channels", "rule.digestAt", "rule.digestWindowMinutes"] as const;
type TDelivery = "IMMEDIATE" | "DIGEST_AT" | "DIGEST_WINDOW";

/** What the partner is told of one trigger: channels, at once or as a digest, and whether the patient is told too. */
export function PartnerRuleForm({ partnerId, onSaved }: { partnerId: string; onSaved: () => Promise<unknown> }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("partners.ruleForm");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const text = usePartnerText();
  // Until the admin picks one, the first trigger partners can be told of.
  const [picked, setPicked] = useState<string | null>(null);
  const triggerKey = picked ?? text.partnerTriggers[0]?.key ?? "";
  const [channels, setChannels] = useState<TChannel[]>(["EMAIL"]);
  const [delivery, setDelivery] = useState<TDelivery>("IMMEDIATE");
  const [digestAt, setDigestAt] = useState("17:00");
  const [windowMinutes, setWindowMinutes] = useState("60");
  const [notifyPatient, setNotifyPatient] = useState(true);
  const save = useMutation(trpc.partners.setRule.mutationOptions({ onSuccess: onSaved }));
  const errors = formErrorsOf(save.error, FIELDS);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const digest = delivery === "DIGEST_AT" ? { digestAt } : delivery === "DIGEST_WINDOW" ? { digestWindowMinutes: Number(windowMinutes) } : {};
    save.mutate({ labId: lab.id, partnerId, rule: { triggerKey, channels, notifyPatient, delivery: delivery === "IMMEDIATE" ? "IMMEDIATE" : "DIGEST", ...digest } });
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="partner-rule-form-title" className="mt-5 space-y-4 border-t border-slate-100 pt-4">
      <h3 id="partner-rule-form-title" className="text-sm font-semibold text-slate-900">{t("title")}</h3>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField id="partner-rule-trigger" label={t("trigger")} value={triggerKey} onChange={(e) => setPicked(e.target.value)} error={errors.fields["rule.triggerKey"]}>
          {text.partnerTriggers.map((trigger) => (
            <option key={trigger.key} value={trigger.key}>
              {text.triggerName(trigger.key)}
            </option>
          ))}
        </SelectField>
        <ChannelCheckboxes id="partner-rule-channels" legend={t("channels")} value={channels} onChange={setChannels} error={errors.fields["rule.channels"]} />
        <SelectField id="partner-rule-delivery" label={t("delivery")} value={delivery} onChange={(e) => setDelivery(e.target.value as TDelivery)}>
          <option value="IMMEDIATE">{t("immediate")}</option>
          <option value="DIGEST_AT">{t("digestAt")}</option>
          <option value="DIGEST_WINDOW">{t("digestWindow")}</option>
        </SelectField>
        {delivery === "DIGEST_AT" && (
          <TextField id="partner-rule-time" label={t("time")} hint={t("timeHint")} type="time" dir="ltr" value={digestAt} onChange={(e) => setDigestAt(e.target.value)} error={errors.fields["rule.digestAt"]} />
        )}
        {delivery === "DIGEST_WINDOW" && (
          <TextField id="partner-rule-window" label={t("window")} type="number" dir="ltr" value={windowMinutes} onChange={(e) => setWindowMinutes(e.target.value)} error={errors.fields["rule.digestWindowMinutes"]} />
        )}
        <label className="flex items-center gap-2 text-sm text-slate-700 sm:col-span-2">
          <input type="checkbox" id="partner-rule-notify-patient" checked={notifyPatient} onChange={(e) => setNotifyPatient(e.target.checked)} />
          {t("notifyPatient")}
        </label>
      </div>
      <Button type="submit" busy={save.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}
