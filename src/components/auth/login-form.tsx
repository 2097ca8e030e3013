"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { signInWithPassword } from "@/lib/auth-client";
import { useSignInFailure } from "@/components/auth/sign-in-failure";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function LoginForm() {
  const t = useTranslations("auth.signIn");
  const describeFailure = useSignInFailure();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Bad credentials are not one field's fault: both fields point at the one message.
  const credentialsAria = error ? { "aria-invalid": true, "aria-describedby": "login-error" } : {};

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signInWithPassword(String(data.get("email") ?? ""), String(data.get("password") ?? ""));
    if (!result.ok) {
      setBusy(false);
      setError(describeFailure(result));
      return;
    }
    router.replace("/");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && (
        <Notice tone="error" className="py-2">
          <span id="login-error">{error}</span>
        </Notice>
      )}
      <TextField id="email" name="email" type="email" dir="ltr" label={t("email")} autoComplete="username" required autoFocus {...credentialsAria} />
      <TextField id="password" name="password" type="password" dir="ltr" label={t("password")} autoComplete="current-password" required {...credentialsAria} />
      <Button type="submit" busy={busy} className="w-full">
        {t("submit")}
      </Button>
    </form>
  );
}
