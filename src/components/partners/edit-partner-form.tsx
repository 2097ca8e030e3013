"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { PARTNER_FIELDS, PartnerFields, partnerFieldsOf, type TPartnerDraft } from "@/components/partners/partner-fields";
import type { TPartner } from "@/components/partners/types";

type TEditPartnerFormProps = { partner: TPartner; onSaved: () => Promise<unknown>; onClose: () => void };

/** A lab admin changes the partner's own fields in place; each refused field says why beside it. */
export function EditPartnerForm({ partner, onSaved, onClose }: TEditPartnerFormProps) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("partners.edit");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [draft, setDraft] = useState<TPartnerDraft>({ name: partner.name, type: partner.type, externalId: partner.externalId ?? "", timezone: partner.timezone ?? "" });
  const update = useMutation(
    trpc.partners.update.mutationOptions({
      onSuccess: async () => {
        await onSaved();
        onClose();
      },
    }),
  );
  const errors = formErrorsOf(update.error, PARTNER_FIELDS);
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ labId: lab.id, partnerId: partner.id, ...partnerFieldsOf(draft) });
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="edit-partner-title" className="mb-5 space-y-4 border-b border-slate-100 pb-5">
      <div>
        <h3 id="edit-partner-title" className="text-sm font-semibold text-slate-900">{t("title")}</h3>
        <p className="mt-0.5 text-sm text-slate-500">{t("description")}</p>
      </div>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <div className="grid gap-4 sm:grid-cols-2">
        <PartnerFields idPrefix="edit-partner" draft={draft} errors={errors.fields} onChange={setDraft} />
      </div>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={update.isPending}>
          {t("submit")}
        </Button>
        <Button type="button" variant="secondary" onClick={onClose}>
          {tCommon("cancel")}
        </Button>
      </div>
    </form>
  );
}
