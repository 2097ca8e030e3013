import type { ReactNode } from "react";

type TPanelProps = { title: ReactNode; description?: ReactNode; actions?: ReactNode; children: ReactNode; id?: string };

/** A titled card that groups one concern on a page. */
export function Panel({ title, description, actions, children, id }: TPanelProps) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section aria-labelledby={headingId} className="rounded-xl border border-slate-200 bg-white shadow-xs">
      <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
        <div>
          <h2 id={headingId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
        </div>
        {actions}
      </header>
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}
