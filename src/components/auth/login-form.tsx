"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signInWithPassword } from "@/lib/auth-client";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function LoginForm() {
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
      setError(result.message);
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
      <TextField id="email" name="email" type="email" label="Email" autoComplete="username" required autoFocus {...credentialsAria} />
      <TextField id="password" name="password" type="password" label="Password" autoComplete="current-password" required {...credentialsAria} />
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
