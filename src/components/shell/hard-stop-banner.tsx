import Link from "next/link";

/** Shown on every page of a lab whose communications are switched off, so nobody misses it. */
export function HardStopBanner({ labId, labName }: { labId: string; labName: string }) {
  return (
    <div role="status" className="border-b border-red-200 bg-red-600 text-white">
      <p className="mx-auto max-w-6xl px-4 py-2 text-sm sm:px-6">
        <strong className="font-semibold">All communications are disabled for {labName}.</strong> Herald sends nothing for this lab until an admin turns
        this off in{" "}
        <Link href={`/labs/${encodeURIComponent(labId)}/settings`} className="underline underline-offset-2">
          Settings
        </Link>
        .
      </p>
    </div>
  );
}
