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

const FIELDS = ["name", "phone", "email", "language", "channels", "consent"] as const;
const LANGUAGES = ["en", "ar", "hi", "ur", "fr"] as const;

/** Adds a person at the partner: addresses, language, the channels they are reached on and the consent the partner gave. */
export function PartnerContactForm({ partnerId, onSaved }: { partnerId: string; onSaved: () => Promise<unknown> }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("partners.contactForm");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [name, setName] = useState("");
  const [phone, setPhone] = useState("");
  const [email, setEmail] = useState("");
  const [language, setLanguage] = useState<(typeof LANGUAGES)[number]>("en");
  const [channels, setChannels] = useState<TChannel[]>(["EMAIL"]);
  const [consent, setConsent] = useState<TChannel[]>([]);
  const save = useMutation(
    trpc.partners.saveContact.mutationOptions({
      onSuccess: async () => {
        setName("");
        setPhone("");
        setEmail("");
        setConsent([]);
        await onSaved();
      },
    }),
  );
  const errors = formErrorsOf(save.error, FIELDS);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({ labId: lab.id, partnerId, name, language, channels, consent, ...(phone.trim() && { phone }), ...(email.trim() && { email }) });
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="partner-contact-form-title" className="mt-5 space-y-4 border-t border-slate-100 pt-4">
      <h3 id="partner-contact-form-title" className="text-sm font-semibold text-slate-900">{t("title")}</h3>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="partner-contact-name" label={t("name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        <SelectField id="partner-contact-language" label={t("language")} value={language} onChange={(e) => setLanguage(e.target.value as typeof language)} error={errors.fields.language}>
          {LANGUAGES.map((code) => (
            <option key={code} value={code}>
              {t(`languages.${code}`)}
            </option>
          ))}
        </SelectField>
        <TextField id="partner-contact-phone" label={t("phone")} type="tel" dir="ltr" value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.fields.phone} />
        <TextField id="partner-contact-email" label={t("email")} type="email" dir="ltr" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} />
        <ChannelCheckboxes id="partner-contact-channels" legend={t("channels")} value={channels} onChange={setChannels} error={errors.fields.channels} />
        <ChannelCheckboxes id="partner-contact-consent" legend={t("consent")} value={consent} onChange={setConsent} error={errors.fields.consent} />
      </div>
      <Button type="submit" busy={save.isPending}>
        {t("submit")}
      </Button>
    </form>
  );
}
