"use client";

import { useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { failureOf, messageOf } from "@/trpc/errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { SelectField, TextField } from "@/components/ui/field";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { CHANNEL_ORDER, type TChannel } from "@/components/provider-accounts/types";

type TSuppression = TRouterOutputs["suppressions"]["list"]["items"][number];

const PAGE_SIZE = 25;

/** The list in pages of 25, newest first; a search is an address prefix, optionally on one channel. */
export function SuppressionList() {
  const t = useTranslations("suppressions.list");
  const tChannels = useTranslations("providerAccounts.channels");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [draft, setDraft] = useState({ address: "", channel: "" });
  const [filters, setFilters] = useState({ address: "", channel: "" });
  // The cursors of the pages before this one, so "Previous" goes back without refetching from the start.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const list = useQuery({
    ...trpc.suppressions.list.queryOptions({
      labId: lab.id,
      limit: PAGE_SIZE,
      ...(cursor && { cursor }),
      ...(filters.address && { addressPrefix: filters.address }),
      ...(filters.channel && { channel: filters.channel as TChannel }),
    }),
    placeholderData: keepPreviousData,
  });

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFilters({ address: draft.address.trim(), channel: draft.channel });
    setCursors([undefined]);
  }

  return (
    <Panel id="suppressions" title={t("title")} description={t("description")}>
      <form role="search" aria-label={t("searchLabel")} onSubmit={search} className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start">
        <TextField
          id="suppression-search"
          label={t("search")}
          hint={t("searchHint")}
          dir="ltr"
          value={draft.address}
          onChange={(e) => setDraft((d) => ({ ...d, address: e.target.value }))}
          className="sm:w-72"
        />
        <SelectField id="suppression-filter-channel" label={t("channel")} value={draft.channel} onChange={(e) => setDraft((d) => ({ ...d, channel: e.target.value }))} className="sm:w-40">
          <option value="">{t("allChannels")}</option>
          {CHANNEL_ORDER.map((c) => (
            <option key={c} value={c}>
              {tChannels(c)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" variant="secondary" className="sm:mt-7">
          {t("searchSubmit")}
        </Button>
      </form>
      {list.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {list.isError && <Notice tone="error">{messageOf(list.error)}</Notice>}
      {list.data?.items.length === 0 && <p className="text-sm text-slate-500">{filters.address || filters.channel ? t("noMatch") : t("empty")}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full text-start text-sm">
            <thead className="border-b border-slate-200 text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2 text-start">{t("address")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("channel")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("reason")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("added")}</th>
                <th scope="col" className="px-5 py-2"><span className="sr-only">{t("actions")}</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.data.items.map((item) => (
                <SuppressionRow key={item.id} item={item} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursors.length > 1 || list.data?.nextCursor) && (
        <nav aria-label={t("pages")} className="mt-4 flex items-center justify-between gap-2">
          <Button variant="secondary" size="sm" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t("previous")}
          </Button>
          <span className="text-xs text-slate-500">{t("page", { page: cursors.length })}</span>
          <Button variant="secondary" size="sm" disabled={!list.data?.nextCursor} onClick={() => list.data?.nextCursor && setCursors((c) => [...c, list.data.nextCursor!])}>
            {t("next")}
          </Button>
        </nav>
      )}
    </Panel>
  );
}

function SuppressionRow({ item }: { item: TSuppression }) {
  const t = useTranslations("suppressions.list");
  const tReasons = useTranslations("suppressions.reasons");
  const tChannels = useTranslations("providerAccounts.channels");
  const format = useDateFormat();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const remove = useMutation(trpc.suppressions.remove.mutationOptions());
  const note = typeof item.detail === "object" && item.detail !== null && "note" in item.detail ? String((item.detail as { note: unknown }).note) : null;
  const reason = tReasons.has(item.reason) ? tReasons(item.reason as "manual") : item.reason;

  return (
    <tr className="text-slate-800">
      <th scope="row" className="px-5 py-3 text-start font-normal">
        <span className="block font-mono text-sm" dir="ltr">
          {item.address}
        </span>
        {note && (
          <span className="block text-xs text-slate-500" dir="auto">
            {note}
          </span>
        )}
      </th>
      <td className="px-3 py-3">{tChannels(item.channel)}</td>
      <td className="px-3 py-3">
        <Badge tone={item.reason === "manual" ? "neutral" : "danger"}>{reason}</Badge>
      </td>
      <td className="px-3 py-3 whitespace-nowrap" title={format.dateTime(item.createdAt)}>
        {format.date(item.createdAt)}
      </td>
      <td className="px-5 py-3 text-end">
        <ConfirmButton
          trigger={{ "aria-label": t("removeLabel", { address: item.address }), disabled: !lab.canAdminister }}
          title={t("removeTitle", { address: item.address })}
          description={t("removeDescription")}
          confirmLabel={t("removeConfirm")}
          onConfirm={() =>
            failureOf(async () => {
              await remove.mutateAsync({ labId: lab.id, id: item.id });
              await queryClient.invalidateQueries(trpc.suppressions.list.pathFilter());
            })
          }
        >
          {t("remove")}
        </ConfirmButton>
      </td>
    </tr>
  );
}
