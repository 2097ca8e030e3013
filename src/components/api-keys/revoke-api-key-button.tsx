"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { failureOf } from "@/trpc/errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConfirmButton } from "@/components/ui/confirm-button";

export function RevokeApiKeyButton({ apiKey }: { apiKey: { id: string; name: string; prefix: string } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions());

  const confirm = () =>
    failureOf(async () => {
      await revoke.mutateAsync({ labId: lab.id, id: apiKey.id });
      await queryClient.invalidateQueries(trpc.apiKeys.list.pathFilter());
    });

  return (
    <ConfirmButton
      trigger={{ "aria-label": `Revoke ${apiKey.name}` }}
      title={`Revoke “${apiKey.name}”?`}
      description={
        <>
          Every request with the key <code className="font-mono">{apiKey.prefix}…</code> will be refused from now on. This cannot be undone: the
          system using it will need a new key.
        </>
      }
      confirmLabel="Revoke key"
      onConfirm={confirm}
    >
      Revoke
    </ConfirmButton>
  );
}
