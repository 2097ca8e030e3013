"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { SelectField, TextField } from "@/components/ui/field";
import { InlineForm } from "@/components/ui/inline-form";
import { NewApiKeyReveal } from "@/components/api-keys/new-api-key-reveal";

const FIELDS = ["name", "scope"] as const;

export function CreateApiKeyForm() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("apiKeys.create");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"lab" | "organization">("lab");
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.apiKeys.list.pathFilter()),
    }),
  );
  const errors = formErrorsOf(create.error, FIELDS);

  if (create.data) {
    return (
      <NewApiKeyReveal
        name={create.data.apiKey.name}
        secret={create.data.key}
        onDone={() => {
          create.reset();
          setName("");
        }}
      />
    );
  }

  return (
    <InlineForm
      id="create-key"
      title={t("title")}
      description={t("description")}
      error={errors.form}
      submitLabel={t("submit")}
      busy={create.isPending}
      onSubmit={() => create.mutate({ labId: lab.id, name, scope })}
    >
      <TextField
        id="api-key-name"
        label={t("name")}
        placeholder={t("namePlaceholder")}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.fields.name}
        className="sm:w-80"
      />
      {/* Only a platform admin may create keys that reach every lab of the organization. */}
      {lab.role === "PLATFORM_ADMIN" && (
        <SelectField
          id="api-key-scope"
          label={t("reaches")}
          value={scope}
          onChange={(e) => setScope(e.target.value === "organization" ? "organization" : "lab")}
          error={errors.fields.scope}
          className="sm:w-56"
        >
          <option value="lab">{t("scopeLab")}</option>
          <option value="organization">{t("scopeOrganization")}</option>
        </SelectField>
      )}
    </InlineForm>
  );
}
