"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { MEMBER_ROLES } from "@/components/roles";
import { SelectField, TextField } from "@/components/ui/field";
import { InlineForm } from "@/components/ui/inline-form";
import { InviteResult } from "@/components/members/invite-result";

const FIELDS = ["email", "role"] as const;

export function InviteMemberForm() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("members.invite");
  const tRoles = useTranslations("common.roles");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<(typeof MEMBER_ROLES)[number]>("LAB_STAFF");
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.members.list.pathFilter()),
    }),
  );
  const errors = formErrorsOf(invite.error, FIELDS);

  if (invite.data && invite.variables) {
    return (
      <InviteResult
        result={invite.data}
        email={invite.variables.email}
        role={invite.variables.role}
        onDone={() => {
          invite.reset();
          setEmail("");
        }}
      />
    );
  }

  return (
    <InlineForm
      id="invite"
      title={t("title")}
      description={t("description")}
      error={errors.form}
      submitLabel={t("submit")}
      busy={invite.isPending}
      onSubmit={() => invite.mutate({ labId: lab.id, email: email.trim(), role })}
    >
      <TextField
        id="invite-email"
        type="email"
        dir="ltr"
        label={t("email")}
        autoComplete="off"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.fields.email}
        className="sm:w-80"
      />
      <SelectField
        id="invite-role"
        label={t("role")}
        value={role}
        onChange={(e) => setRole(e.target.value === "LAB_ADMIN" ? "LAB_ADMIN" : "LAB_STAFF")}
        error={errors.fields.role}
        className="sm:w-48"
      >
        {MEMBER_ROLES.map((r) => (
          <option key={r} value={r}>
            {tRoles(r)}
          </option>
        ))}
      </SelectField>
    </InlineForm>
  );
}
