"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { signInWithPassword } from "@/lib/auth-client";
import { useSignInFailure } from "@/components/auth/sign-in-failure";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

const FIELDS = ["name", "password"] as const;

export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("auth.invite");
  const describeFailure = useSignInFailure();
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [signInError, setSignInError] = useState<string | null>(null);

  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ labId }) => {
        // The account exists now; signing in with what was just typed starts the session.
        const result = await signInWithPassword(email, password);
        if (!result.ok) {
          setSignInError(t("signInFailed", { reason: describeFailure(result) }));
          return;
        }
        router.replace(`/labs/${encodeURIComponent(labId)}/settings`);
        router.refresh();
      },
    }),
  );
  const errors = formErrorsOf(accept.error, FIELDS);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The only rule checked here: the server never sees the confirmation.
    const differs = password !== confirm;
    setMismatch(differs);
    if (!differs) accept.mutate({ token, name, password });
  }

  if (signInError) {
    return (
      <Notice tone="warning">
        {signInError}{" "}
        <Link href="/login" className="font-medium underline">
          {t("goToSignIn")}
        </Link>
      </Notice>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <TextField id="name" label={t("name")} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
      <TextField
        id="password"
        type="password"
        dir="ltr"
        label={t("password")}
        autoComplete="new-password"
        hint={t("passwordHint")}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.fields.password}
      />
      <TextField
        id="confirm-password"
        type="password"
        dir="ltr"
        label={t("confirmPassword")}
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={mismatch ? t("mismatch") : null}
      />
      <Button type="submit" busy={accept.isPending || accept.isSuccess} className="w-full">
        {t("submit")}
      </Button>
    </form>
  );
}
