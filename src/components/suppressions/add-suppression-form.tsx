"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { SelectField, TextField } from "@/components/ui/field";
import { InlineForm } from "@/components/ui/inline-form";
import { Notice } from "@/components/ui/notice";
import { CHANNEL_ORDER, type TChannel } from "@/components/provider-accounts/types";

const FIELDS = ["channel", "address", "note"] as const;

export function AddSuppressionForm() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("suppressions.add");
  const tChannels = useTranslations("providerAccounts.channels");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [channel, setChannel] = useState<TChannel>("SMS");
  const [address, setAddress] = useState("");
  const [note, setNote] = useState("");
  const add = useMutation(
    trpc.suppressions.add.mutationOptions({
      onSuccess: async () => {
        setAddress("");
        setNote("");
        await queryClient.invalidateQueries(trpc.suppressions.list.pathFilter());
      },
    }),
  );
  const errors = formErrorsOf(add.error, FIELDS);

  return (
    <div className="space-y-3">
      <InlineForm
        id="add-suppression"
        title={t("title")}
        description={t("description")}
        error={errors.form}
        submitLabel={t("submit")}
        busy={add.isPending}
        onSubmit={() => add.mutate({ labId: lab.id, channel, address, ...(note.trim() && { note }) })}
      >
        <SelectField
          id="suppression-channel"
          label={t("channel")}
          value={channel}
          onChange={(e) => setChannel(e.target.value as TChannel)}
          error={errors.fields.channel}
          className="sm:w-40"
        >
          {CHANNEL_ORDER.map((c) => (
            <option key={c} value={c}>
              {tChannels(c)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="suppression-address"
          label={t(channel === "EMAIL" ? "email" : "phone")}
          type={channel === "EMAIL" ? "email" : "tel"}
          dir="ltr"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          error={errors.fields.address}
          className="sm:w-64"
        />
        <TextField id="suppression-note" label={t("note")} value={note} onChange={(e) => setNote(e.target.value)} error={errors.fields.note} className="sm:flex-1" />
      </InlineForm>
      {add.data && <Notice tone="success">{t("added", { address: add.data.address })}</Notice>}
    </div>
  );
}
