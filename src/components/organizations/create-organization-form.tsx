"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { TextField } from "@/components/ui/field";
import { InlineForm } from "@/components/ui/inline-form";
import { Notice } from "@/components/ui/notice";

const FIELDS = ["name", "slug"] as const;

export function CreateOrganizationForm() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("organizations.createOrganization");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const create = useMutation(
    trpc.organizations.create.mutationOptions({
      onSuccess: () => {
        setName("");
        setSlug("");
        return queryClient.invalidateQueries(trpc.organizations.list.pathFilter());
      },
    }),
  );
  const errors = formErrorsOf(create.error, FIELDS);
  return (
    <div className="space-y-3">
      <InlineForm id="create-organization" title={t("title")} description={t("description")} error={errors.form} submitLabel={t("submit")} busy={create.isPending} onSubmit={() => create.mutate({ name: name.trim(), slug: slug.trim() })}>
        <TextField id="organization-name" label={t("name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} className="sm:w-64" />
        <TextField id="organization-slug" label={t("slug")} hint={t("slugHint")} dir="ltr" spellCheck={false} value={slug} onChange={(e) => setSlug(e.target.value)} error={errors.fields.slug} className="sm:w-56" />
      </InlineForm>
      {create.data && <Notice tone="success">{t("created", { name: create.data.name })}</Notice>}
    </div>
  );
}
