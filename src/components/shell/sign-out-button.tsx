"use client";

import { useState } from "react";
import { useTranslations } from "next-intl";
import { authClient } from "@/lib/auth-client";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  const t = useTranslations("shell");
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    await authClient.signOut();
    // The sign-in page as one full page load: the next person at this browser gets none of this user's
    // cached lab data, no client transition or refresh of the signed-in pages is still running once it
    // shows, and Back does not return to them.
    window.location.replace("/login");
  }

  return (
    <Button variant="secondary" size="sm" busy={busy} onClick={signOut}>
      {t("signOut")}
    </Button>
  );
}
