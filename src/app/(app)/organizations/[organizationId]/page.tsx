import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getTranslations } from "next-intl/server";
import { requireSession, serverCaller } from "@/trpc/server";
import { AppHeader } from "@/components/shell/app-header";
import { PageHeader } from "@/components/ui/page-header";
import { OrganizationOverview } from "@/components/stats/organization-overview";
import { StatsPage } from "@/components/stats/stats-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("stats.organization"))("pageTitle") };
}

/** The overview across an organization's labs, for its admins and platform admins; others see a 404. */
export default async function OrganizationPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const session = await requireSession();
  const t = await getTranslations("stats.organization");
  try {
    const now = new Date();
    await (await serverCaller()).stats.overview({ organizationId, from: new Date(now.getTime() - 3_600_000), to: now });
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === "UNAUTHORIZED") redirect("/login");
      if (error.code === "NOT_FOUND" || error.code === "FORBIDDEN" || error.code === "BAD_REQUEST") notFound();
    }
    throw error;
  }
  return (
    <>
      <AppHeader user={session.user} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none sm:px-6 md:py-8">
        <StatsPage>
          <PageHeader title={t("pageTitle")} description={t("description")} />
          <OrganizationOverview organizationId={organizationId} />
        </StatsPage>
      </main>
    </>
  );
}
