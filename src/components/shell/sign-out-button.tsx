"use client";

import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { authClient } from "@/lib/auth-client";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const t = useTranslations("shell");
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    await authClient.signOut();
    // The next person at this browser must not see this user's cached lab data: the cache is dropped,
    // and the sign-in page is one full page load, so no client transition or refresh of the signed-in
    // pages is still running once it shows (and Back does not return to them).
    queryClient.clear();
    window.location.replace("/login");
  }

  return (
    <Button variant="secondary" size="sm" busy={busy} onClick={signOut}>
      {t("signOut")}
    </Button>
  );
}
