"use client";

import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { MEMBER_ROLES } from "@/components/roles";
import { FieldError, fieldAria } from "@/components/ui/field";
import { controlClass } from "@/components/ui/styles";

type TMemberRoleSelectProps = { member: { id: string; role: "LAB_ADMIN" | "LAB_STAFF"; user: { name: string } } };

/** Changes a role as soon as it is picked; a refusal (the last admin) shows beside the select. */
export function MemberRoleSelect({ member }: TMemberRoleSelectProps) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("members.list");
  const tRoles = useTranslations("common.roles");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const lab = useCurrentLab();
  const change = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.members.list.pathFilter());
        // The viewer may have changed their own role, which the server-rendered shell shows.
        router.refresh();
      },
    }),
  );
  const id = `role-${member.id}`;
  const error = messageOf(change.error);
  // While the change is in flight show the new role; after a refusal, the server's.
  const shown = change.isPending && change.variables ? change.variables.role : member.role;

  return (
    <div className="w-44">
      <label htmlFor={id} className="sr-only">
        {t("roleOf", { name: member.user.name })}
      </label>
      <select
        {...fieldAria(id, error)}
        value={shown}
        disabled={change.isPending}
        onChange={(e) => change.mutate({ labId: lab.id, membershipId: member.id, role: e.target.value === "LAB_ADMIN" ? "LAB_ADMIN" : "LAB_STAFF" })}
        className={`${controlClass} py-1.5`}
      >
        {MEMBER_ROLES.map((role) => (
          <option key={role} value={role}>
            {tRoles(role)}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}
