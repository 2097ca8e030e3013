import Link from "next/link";
import { getTranslations } from "next-intl/server";

/** Shown on every page of a lab whose communications are switched off, so nobody misses it. */
export async function HardStopBanner({ labId, labName }: { labId: string; labName: string }) {
  const t = await getTranslations("shell.hardStop");
  return (
    <div role="status" className="border-b border-red-200 bg-red-600 text-white">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm sm:px-6">
        {t.rich("banner", {
          labName,
          strong: (chunks) => <strong className="font-semibold">{chunks}</strong>,
          settings: (chunks) => (
            <Link href={`/labs/${encodeURIComponent(labId)}/settings`} className="underline underline-offset-2">
              {chunks}
            </Link>
          ),
        })}
      </p>
    </div>
  );
}
