"use client";

import { useState, type FormEvent } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { SelectField, TextField } from "@/components/ui/field";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RowHeader, Table } from "@/components/ui/table";
import { CHANNEL_ORDER, type TChannel } from "@/components/provider-accounts/types";

type TSuppression = TRouterOutputs["suppressions"]["list"]["items"][number];

const PAGE_SIZE = 25;

/** The list in pages of 25, newest first; a search is an address prefix, optionally on one channel. */
export function SuppressionList() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("suppressions.list");
  const tChannels = useTranslations("providerAccounts.channels");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const [draft, setDraft] = useState({ address: "", channel: "" });
  const [filters, setFilters] = useState({ address: "", channel: "" });
  const pages = useCursorPages(`${filters.channel}:${filters.address}`);
  const cursor = pages.cursor;
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
        <Table columns={[t("address"), t("channel"), t("reason"), t("added"), { label: t("actions"), align: "end", hidden: true }]}>
          {list.data.items.map((item) => (
            <SuppressionRow key={item.id} item={item} />
          ))}
        </Table>
      )}
      <CursorPager pages={pages} nextCursor={list.data?.nextCursor} label={t("pages")} />
    </Panel>
  );
}

function SuppressionRow({ item }: { item: TSuppression }) {
  const { failureOf } = useApiErrors();
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
      <RowHeader>
        <span className="block font-mono text-sm" dir="ltr">
          {item.address}
        </span>
        {note && (
          <span className="block text-xs text-slate-500" dir="auto">
            {note}
          </span>
        )}
      </RowHeader>
      <td>{tChannels(item.channel)}</td>
      <td>
        <Badge tone={item.reason === "manual" ? "neutral" : "danger"}>{reason}</Badge>
      </td>
      <td className="whitespace-nowrap" title={format.dateTime(item.createdAt)}>
        {format.date(item.createdAt)}
      </td>
      <td className="text-end">
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
