"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { authClient } from "@/lib/auth-client";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const t = useTranslations("shell");
  const router = useRouter();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    await authClient.signOut();
    // The next person at this browser must not see this user's cached lab data.
    queryClient.clear();
    router.replace("/login");
    router.refresh();
  }

  return (
    <Button variant="secondary" size="sm" busy={busy} onClick={signOut}>
      {t("signOut")}
    </Button>
  );
}
