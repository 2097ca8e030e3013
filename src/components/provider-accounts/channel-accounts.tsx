"use client";

import { useState } from "react";
import { closestCenter, DndContext, PointerSensor, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { restrictToVerticalAxis } from "@dnd-kit/modifiers";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { AccountCard } from "@/components/provider-accounts/account-card";
import { AccountForm } from "@/components/provider-accounts/account-form";
import { SortableAccount } from "@/components/provider-accounts/sortable-account";
import type { TAccount, TAccountHealth, TChannel, TProviderOption } from "@/components/provider-accounts/types";

type TChannelAccountsProps = { channel: TChannel; accounts: TAccount[]; providers: TProviderOption[]; health: TAccountHealth[] };

/** `ids` with the one at `from` moved to `to`. */
function moved(ids: string[], from: number, to: number): string[] {
  const next = [...ids];
  const [id] = next.splice(from, 1);
  next.splice(to, 0, id!);
  return next;
}

/** `items` in the order of `ids`, while a reorder the server has not confirmed yet is on its way. */
function inOrder<T extends { id: string }>(items: T[], ids: string[] | null): T[] {
  if (!ids || ids.length !== items.length) return items;
  const byId = new Map(items.map((item) => [item.id, item]));
  return ids.every((id) => byId.has(id)) ? ids.map((id) => byId.get(id)!) : items;
}

/**
 * One channel: the lab's accounts in priority order, reordered by dragging a card's position
 * handle or with its move buttons (the keyboard's way), then the platform defaults the lab falls
 * back to. A new order shows at once and holds until the list is read again.
 */
export function ChannelAccounts({ channel, accounts, providers, health }: TChannelAccountsProps) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("providerAccounts");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [adding, setAdding] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const reorder = useMutation(
    trpc.businessAccounts.reorder.mutationOptions({ onSettled: () => queryClient.invalidateQueries(trpc.businessAccounts.list.pathFilter()) }),
  );
  // Until the list is read again, show the order just asked for (reset once the mutation is done and the list refreshed).
  const own = inOrder(
    accounts.filter((a) => a.scope === "lab"),
    reorder.isPending ? (reorder.variables?.ids ?? null) : null,
  );
  const fallbacks = accounts.filter((a) => a.scope === "platform");
  // A few pixels of movement before a press becomes a drag, so a click on the handle stays a click.
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }));
  const canReorder = lab.canAdminister && !reorder.isPending;
  const nameOf = (id: string | number) => own.find((a) => a.id === id)?.name ?? "";
  // dnd-kit's own words are English; the drop itself is announced by the live region below.
  const accessibility = {
    screenReaderInstructions: { draggable: t("order.dragInstructions") },
    announcements: {
      onDragStart: ({ active }: { active: { id: string | number } }) => t("order.dragStart", { name: nameOf(active.id) }),
      onDragOver: () => undefined,
      onDragEnd: () => undefined,
      onDragCancel: ({ active }: { active: { id: string | number } }) => t("order.dragCancel", { name: nameOf(active.id) }),
    },
  };
  const channelName = t(`channels.${channel}`);

  function move(from: number, to: number) {
    if (to < 0 || to >= own.length || from === to) return;
    const ids = moved(own.map((a) => a.id), from, to);
    reorder.mutate({ labId: lab.id, ids });
    setAnnouncement(t("order.moved", { name: own[from]!.name, position: to + 1, count: own.length }));
  }

  function drop({ active, over }: DragEndEvent) {
    if (!over) return;
    move(
      own.findIndex((a) => a.id === active.id),
      own.findIndex((a) => a.id === over.id),
    );
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
          <DndContext sensors={sensors} collisionDetection={closestCenter} modifiers={[restrictToVerticalAxis]} onDragEnd={drop} accessibility={accessibility}>
            <SortableContext items={own.map((a) => a.id)} strategy={verticalListSortingStrategy}>
              <ol aria-label={t("order.label", { channel: channelName })} className="space-y-3">
                {own.map((account, index) => (
                  <SortableAccount key={account.id} id={account.id} disabled={!canReorder}>
                    {(handle) => (
                      <AccountCard
                        account={account}
                        providers={providers}
                        health={healthOf(account.id)}
                        position={{ index, count: own.length }}
                        onMove={(delta) => move(index, index + delta)}
                        moving={reorder.isPending}
                        dragHandle={handle}
                      />
                    )}
                  </SortableAccount>
                ))}
              </ol>
            </SortableContext>
          </DndContext>
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
