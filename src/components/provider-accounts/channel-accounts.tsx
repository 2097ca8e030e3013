"use client";

import { useState, type DragEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { AccountCard } from "@/components/provider-accounts/account-card";
import { AccountForm } from "@/components/provider-accounts/account-form";
import type { TAccount, TAccountHealth, TChannel, TProviderOption } from "@/components/provider-accounts/types";

type TChannelAccountsProps = { channel: TChannel; accounts: TAccount[]; providers: TProviderOption[]; health: TAccountHealth[] };

/** What a dragged account card carries, so a drop elsewhere on the page is not mistaken for one. */
const DRAG_TYPE = "application/x-herald-account";

/** `ids` with the one at `from` moved to `to`. */
function moved(ids: string[], from: number, to: number): string[] {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  next.splice(to, 0, id!);
  return next;
}

/**
 * One channel: the lab's accounts in priority order, reordered by dragging a card or with its
 * move buttons (the keyboard's way), then the platform defaults the lab falls back to.
 */
export function ChannelAccounts({ channel, accounts, providers, health }: TChannelAccountsProps) {
  const t = useTranslations("providerAccounts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [adding, setAdding] = useState(false);
  const [dragged, setDragged] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const own = accounts.filter((a) => a.scope === "lab");
  const fallbacks = accounts.filter((a) => a.scope === "platform");
  const reorder = useMutation(
    trpc.businessAccounts.reorder.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.businessAccounts.list.pathFilter()) }),
  );
  const channelName = t(`channels.${channel}`);

  function move(from: number, to: number) {
    if (to < 0 || to >= own.length || from === to) return;
    const ids = moved(own.map((a) => a.id), from, to);
    reorder.mutate({ labId: lab.id, ids });
    setAnnouncement(t("order.moved", { name: own[from]!.name, position: to + 1, count: own.length }));
  }

  function drop(event: DragEvent, targetIndex: number) {
    event.preventDefault();
    // The id travels with the drag itself: React state set on dragstart may not have rendered yet.
    const id = event.dataTransfer.getData(DRAG_TYPE) || dragged;
    const from = own.findIndex((a) => a.id === id);
    setDragged(null);
    if (from >= 0) move(from, targetIndex);
  }

  const healthOf = (id: string) => health.find((h) => h.accountId === id) ?? null;

  return (
    <Panel
      id={`channel-${channel}`}
      title={channelName}
      description={t("channelDescription")}
      actions={
        lab.canAdminister && providers.length > 0 && !adding ? (
          <Button variant="secondary" size="sm" onClick={() => setAdding(true)} aria-label={t("addLabel", { channel: channelName })}>
            {t("add")}
          </Button>
        ) : undefined
      }
    >
      <div className="space-y-4">
        {adding && <AccountForm channel={channel} providers={providers} account={null} onDone={() => setAdding(false)} />}
        {reorder.error && <Notice tone="error">{messageOf(reorder.error)}</Notice>}
        <p aria-live="polite" className="sr-only">
          {announcement}
        </p>
        {own.length === 0 && !adding && <p className="text-sm text-slate-500">{t(fallbacks.length > 0 ? "emptyWithFallback" : "empty")}</p>}
        {own.length > 0 && (
          <ol aria-label={t("order.label", { channel: channelName })} className="space-y-3">
            {own.map((account, index) => (
              <li
                key={account.id}
                draggable={lab.canAdminister && !reorder.isPending}
                onDragStart={(event) => {
                  event.dataTransfer.effectAllowed = "move";
                  event.dataTransfer.setData(DRAG_TYPE, account.id);
                  setDragged(account.id);
                }}
                onDragOver={(event) => {
                  if (dragged || event.dataTransfer.types.includes(DRAG_TYPE)) event.preventDefault();
                }}
                onDrop={(event) => drop(event, index)}
                onDragEnd={() => setDragged(null)}
                className={dragged === account.id ? "opacity-50" : ""}
              >
                <AccountCard
                  account={account}
                  providers={providers}
                  health={healthOf(account.id)}
                  position={{ index, count: own.length }}
                  onMove={(delta) => move(index, index + delta)}
                  moving={reorder.isPending}
                />
              </li>
            ))}
          </ol>
        )}
        {fallbacks.length > 0 && (
          <div className="space-y-3 border-t border-slate-100 pt-4">
            <h3 className="text-sm font-semibold text-slate-700">{t("fallbacks")}</h3>
            <ul className="space-y-3">
              {fallbacks.map((account) => (
                <li key={account.id}>
                  <AccountCard account={account} providers={providers} health={healthOf(account.id)} position={null} onMove={() => undefined} moving={false} />
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Panel>
  );
}
