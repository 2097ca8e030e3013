"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { ConsentBadge } from "@/components/contacts/consent-badge";
import { Button } from "@/components/ui/button";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";

const PAGE_SIZE = 20;

/** The search box keeps its query in the URL (?q=), so a search survives reload and can be shared. */
export function ContactSearch() {
  const { formErrorsOf } = useApiErrors();
  const t = useTranslations("contacts.search");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const router = useRouter();
  const pathname = usePathname();
  const query = useSearchParams().get("q") ?? "";
  const [draft, setDraft] = useState(query);
  const pages = useCursorPages(query);
  const results = useQuery(trpc.contacts.search.queryOptions({ labId: lab.id, query: query || undefined, cursor: pages.cursor, limit: PAGE_SIZE }));
  const errors = formErrorsOf(results.error, ["query"]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const q = draft.trim();
    router.replace(q ? `${pathname}?${new URLSearchParams({ q })}` : pathname);
  }

  return (
    <div className="space-y-6">
      <form role="search" onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField id="contact-query" type="search" label={t("label")} hint={t("hint")} value={draft} onChange={(e) => setDraft(e.target.value)} error={errors.fields.query} className="flex-1" />
        <Button type="submit" className="sm:mt-7">
          {t("submit")}
        </Button>
      </form>
      <Panel id="contacts" title={query ? t("resultsFor", { query }) : t("all")}>
        {results.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
        {errors.form && <Notice tone="error">{errors.form}</Notice>}
        {results.data && results.data.items.length === 0 && <p className="text-sm text-slate-500">{query ? t("none") : t("empty")}</p>}
        {results.data && results.data.items.length > 0 && (
          <ul className="-mx-5 divide-y divide-slate-100">
            {results.data.items.map((contact) => (
              <li key={contact.id}>
                <Link href={`/labs/${encodeURIComponent(lab.id)}/contacts/${encodeURIComponent(contact.id)}`} className={`flex flex-wrap items-center gap-x-6 gap-y-1 px-5 py-3 hover:bg-slate-50 ${focusRing}`}>
                  <span className="min-w-0 flex-1">
                    <span className="block text-sm font-medium text-sky-800">{contact.name ?? t("unnamed")}</span>
                    <span className="block text-xs text-slate-500">
                      {contact.externalId && <span dir="ltr">{contact.externalId}</span>}
                      {contact.phone && <span dir="ltr" className="ms-3">{contact.phone}</span>}
                      {contact.email && <span dir="ltr" className="ms-3">{contact.email}</span>}
                    </span>
                  </span>
                  <span className="flex gap-1">
                    {contact.consents.map((c) => (
                      <ConsentBadge key={c.channel} channel={c.channel} status={c.status} />
                    ))}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        <CursorPager pages={pages} nextCursor={results.data?.nextCursor} label={t("pages")} />
      </Panel>
    </div>
  );
}
