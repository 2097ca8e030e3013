"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { TAccount } from "@/components/provider-accounts/types";

/** Sends one message through the account at once, so a lab sees its credentials work before a patient depends on them. */
export function TestSendForm({ account }: { account: TAccount }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("providerAccounts.test");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [to, setTo] = useState("");
  const send = useMutation(trpc.businessAccounts.testSend.mutationOptions());
  const errors = formErrorsOf(send.error, ["to"]);
  const id = `test-to-${account.id}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    send.mutate({ labId: lab.id, id: account.id, to });
  }

  return (
    <form onSubmit={submit} noValidate className="mt-3 space-y-3 rounded-md bg-slate-50 p-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          id={id}
          label={t(account.channel === "EMAIL" ? "toEmail" : "toPhone")}
          type={account.channel === "EMAIL" ? "email" : "tel"}
          dir="ltr"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={errors.fields.to}
          className="sm:w-80"
        />
        <Button type="submit" busy={send.isPending} className="sm:mt-7">
          {t("submit")}
        </Button>
      </div>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      {send.data?.ok === true && (
        <Notice tone="success" title={t("sent")}>
          {t("sentDetail", { status: send.data.status })}{" "}
          <code dir="ltr" className="font-mono text-xs">
            {send.data.providerMessageId}
          </code>
        </Notice>
      )}
      {send.data?.ok === false && (
        <Notice tone="error" title={t("failed")}>
          <span dir="auto">
            {send.data.error.code}: {send.data.error.message}
          </span>
        </Notice>
      )}
    </form>
  );
}
