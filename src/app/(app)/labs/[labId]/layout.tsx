import type { ReactNode } from "react";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getTranslations } from "next-intl/server";
import { serverCaller } from "@/trpc/server";
import { AppHeader } from "@/components/shell/app-header";
import { CurrentLabProvider } from "@/components/shell/current-lab";
import { HardStopBanner } from "@/components/shell/hard-stop-banner";
import { LabSwitcher } from "@/components/shell/lab-switcher";
import { SideNav } from "@/components/shell/side-nav";
import { Badge } from "@/components/ui/badge";

async function loadShell(labId: string) {
  const caller = await serverCaller();
  try {
    return await Promise.all([caller.me.get(), caller.labs.get({ labId })]);
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "UNAUTHORIZED") redirect("/login");
      // A lab the user may not open looks exactly like one that does not exist.
      if (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST") notFound();
    }
    throw error;
  }
}

export default async function LabLayout({ children, params }: { children: ReactNode; params: Promise<{ labId: string }> }) {
  const { labId } = await params;
  const [[me, lab], t] = await Promise.all([loadShell(labId), getTranslations("common")]);
  const user = me.principal.kind === "user" ? me.principal : { name: t("roles.API_KEY"), email: "" };
  return (
    <CurrentLabProvider lab={{ id: lab.id, name: lab.name, role: lab.role, viewerId: me.principal.kind === "user" ? me.principal.userId : null }}>
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium text-sky-800 shadow focus:not-sr-only focus:absolute focus:top-2 focus:start-2 focus:z-50"
      >
        {t("skipToContent")}
      </a>
      <AppHeader user={user}>
        <LabSwitcher labs={me.labs} currentLabId={lab.id} />
        <Badge tone={lab.role === "LAB_STAFF" ? "neutral" : "info"}>{t(`roles.${lab.role}`)}</Badge>
      </AppHeader>
      {lab.hardStop && <HardStopBanner labId={lab.id} labName={lab.name} />}
      <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row md:gap-10 md:py-8">
        <aside className="md:w-48 md:shrink-0">
          <SideNav labId={lab.id} />
        </aside>
        <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
          {children}
        </main>
      </div>
    </CurrentLabProvider>
  );
}
