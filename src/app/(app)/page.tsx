import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { serverCaller, requireSession } from "@/trpc/server";
import { AppHeader } from "@/components/shell/app-header";

/** Home is the first lab's settings; someone with no lab yet gets told what to do. */
export default async function HomePage() {
  const session = await requireSession();
  const { labs } = await (await serverCaller()).me.get();
  const first = labs[0];
  if (first) redirect(`/labs/${encodeURIComponent(first.id)}/settings`);
  const t = await getTranslations("shell.noLab");
  return (
    <>
      <AppHeader user={session.user} />
      <main className="mx-auto max-w-xl px-4 py-16 text-center">
        <h1 className="text-xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="mt-2 text-sm text-slate-600">
          {t("body")}
        </p>
      </main>
    </>
  );
}
