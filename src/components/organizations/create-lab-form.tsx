"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { LocaleFields } from "@/components/settings/locale-fields";
import type { TLanguage, TSettingsDraft } from "@/components/settings/settings-draft";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";

type TOrganization = TRouterOutputs["organizations"]["list"]["items"][number];
const FIELDS = ["organizationId", "name", "slug", "settings.defaultLanguage", "settings.country", "settings.timezone"] as const;
// A Saudi lab is the common case; the admin changes what differs.
const NEW_LAB: TSettingsDraft = { name: "", hardStop: false, defaultLanguage: "ar", country: "SA", timezone: "Asia/Riyadh", quietHoursEnabled: false, quietHoursStart: "", quietHoursEnd: "", retentionDays: "90" };

/** A new lab in an organization, with where it is and what language it speaks; the rest is its admins' to set. */
export function CreateLabForm({ organizations }: { organizations: TOrganization[] }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("organizations.createLab");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [organizationId, setOrganizationId] = useState("");
  const [slug, setSlug] = useState("");
  const [draft, setDraft] = useState(NEW_LAB);
  const create = useMutation(
    trpc.labs.create.mutationOptions({
      onSuccess: () => {
        setSlug("");
        setDraft(NEW_LAB);
        // The lab switcher in the header is rendered on the server.
        router.refresh();
        return Promise.all([queryClient.invalidateQueries(trpc.organizations.list.pathFilter()), queryClient.invalidateQueries(trpc.labs.list.pathFilter())]);
      },
    }),
  );
  const errors = formErrorsOf(create.error, FIELDS);
  const settingsErrors = Object.fromEntries(Object.entries(errors.fields).map(([field, message]) => [field.replace(/^settings\./, ""), message]));
  const organization = organizationId || organizations[0]?.id || "";

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({
      organizationId: organization,
      name: draft.name.trim(),
      slug: slug.trim(),
      settings: { defaultLanguage: draft.defaultLanguage as TLanguage, country: draft.country.trim().toUpperCase(), timezone: draft.timezone.trim() },
    });
  }

  return (
    <Panel id="create-lab" title={t("title")} description={t("description")}>
      <form onSubmit={submit} noValidate className="space-y-5">
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        {create.data && <Notice tone="success">{t("created", { name: create.data.name })}</Notice>}
        <div className="grid gap-5 sm:grid-cols-2">
          <SelectField id="lab-organization" label={t("organization")} value={organization} onChange={(e) => setOrganizationId(e.target.value)} error={errors.fields.organizationId}>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </SelectField>
          <TextField id="name" label={t("name")} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} error={errors.fields.name} />
          <TextField id="lab-slug" label={t("slug")} hint={t("slugHint")} dir="ltr" spellCheck={false} value={slug} onChange={(e) => setSlug(e.target.value)} error={errors.fields.slug} />
        </div>
        <LocaleFields draft={draft} errors={settingsErrors} onChange={(patch) => setDraft({ ...draft, ...patch })} />
        <Button type="submit" busy={create.isPending} disabled={organizations.length === 0}>
          {t("submit")}
        </Button>
      </form>
    </Panel>
  );
}
