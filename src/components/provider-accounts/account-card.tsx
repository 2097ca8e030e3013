"use client";

import { useState } from "react";
import type { DraggableSyntheticListeners } from "@dnd-kit/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { CopyBox } from "@/components/ui/copy-box";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { FailureReason } from "@/components/messages/failure-reason";
import { AccountForm } from "@/components/provider-accounts/account-form";
import { TestSendForm } from "@/components/provider-accounts/test-send-form";
import type { TAccount, TAccountHealth, TProviderOption } from "@/components/provider-accounts/types";

/** What makes the position number a drag handle: dnd-kit's ref and pointer listeners. */
export type TDragHandle = { ref: (element: HTMLElement | null) => void; listeners: DraggableSyntheticListeners };

type TAccountCardProps = {
  account: TAccount;
  providers: TProviderOption[];
  health: TAccountHealth | null;
  /** Where the account stands in the lab's chain; null for a platform default, which the lab cannot move. */
  position: { index: number; count: number } | null;
  onMove: (delta: -1 | 1) => void;
  moving: boolean;
  /** Set while the lab's admin may drag the card to a new place. */
  dragHandle?: TDragHandle | null;
};

/** One account: how it sends, how it has been doing, where its provider calls back, and what an admin can do with it. */
export function AccountCard({ account, providers, health, position, onMove, moving, dragHandle = null }: TAccountCardProps) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("providerAccounts");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const [editing, setEditing] = useState(false);
  const [testing, setTesting] = useState(false);
  const own = account.scope === "lab";
  const canChange = lab.canAdminister && own;
  const invalidate = () => queryClient.invalidateQueries(trpc.businessAccounts.list.pathFilter());
  const activate = useMutation(trpc.businessAccounts.activate.mutationOptions({ onSuccess: invalidate }));
  const deactivate = useMutation(trpc.businessAccounts.deactivate.mutationOptions({ onSuccess: invalidate }));
  const toggleError = activate.error ?? deactivate.error;
  const headingId = `account-${account.id}-name`;

  if (editing) {
    return <AccountForm channel={account.channel} providers={providers} account={account} onDone={() => setEditing(false)} />;
  }

  const rate =
    account.sendRatePerSecond !== null
      ? t("rate.own", { rate: format.number(account.sendRatePerSecond) })
      : account.providerRatePerSecond !== null
        ? t("rate.provider", { rate: format.number(account.providerRatePerSecond) })
        : t("rate.unlimited");

  return (
    <article aria-labelledby={headingId} className={`rounded-lg border p-4 ${account.active ? "border-slate-200 bg-white" : "border-dashed border-slate-300 bg-slate-50"}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex min-w-0 items-start gap-3">
          {position && (
            // A pointer's handle only: keyboard users have the move buttons, which say where the account goes.
            <span
              aria-hidden
              ref={dragHandle?.ref}
              {...dragHandle?.listeners}
              title={dragHandle ? t("order.drag") : undefined}
              data-drag-handle={dragHandle ? "" : undefined}
              className={`mt-0.5 grid size-7 shrink-0 place-items-center rounded-full text-sm font-semibold ${dragHandle ? "cursor-grab touch-none bg-sky-50 text-sky-800 ring-1 ring-sky-200 active:cursor-grabbing" : "bg-slate-100 text-slate-700"}`}
            >
              {format.number(position.index + 1)}
            </span>
          )}
          <div className="min-w-0">
            <h3 id={headingId} className="font-semibold text-slate-900">
              {account.name}
            </h3>
            <p className="text-sm text-slate-600">
              {position
                ? t("positionAndProvider", { position: position.index + 1, count: position.count, provider: account.provider })
                : t("providerName", { provider: account.provider })}
            </p>
          </div>
        </div>
        <div className="flex flex-wrap gap-1.5">
          {!own && <Badge tone="info">{t("platformDefault")}</Badge>}
          <Badge tone={account.active ? "success" : "neutral"}>{account.active ? t("active") : t("inactive")}</Badge>
          {account.config === null && <Badge tone="danger">{t("configUnreadable")}</Badge>}
          {health?.breaker.state === "open" && <Badge tone="danger">{t("health.breaker.badgeOpen")}</Badge>}
          {health?.breaker.state === "half_open" && <Badge tone="info">{t("health.breaker.badgeHalfOpen")}</Badge>}
        </div>
      </div>

      <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Detail term={t("rate.label")} value={rate} />
        <Detail term={t("attempts")} value={format.number(account.maxAttempts)} />
        <Detail term={t("atLeastOnce.label")} value={account.atLeastOnce ? t("atLeastOnce.on") : t("atLeastOnce.off")} />
        <HealthDetail health={health} />
        {health && <BreakerDetail breaker={health.breaker} />}
      </dl>
      {health && health.breaker.state !== "closed" && <BreakerNote breaker={health.breaker} />}
      {health?.lastError && <LastError provider={account.provider} error={health.lastError} />}

      {own && (
        <div className="mt-3">
          {account.webhookUrl ? (
            <>
              <CopyBox id={`webhook-${account.id}`} label={t("webhookUrl")} value={account.webhookUrl} />
              <p className="mt-1 text-xs text-slate-500">{t("webhookHint")}</p>
            </>
          ) : (
            // A token-addressed URL is a credential: shown only when the account is created or its token rotated.
            <p className="text-xs text-slate-500">{t("webhookUrlHidden")}</p>
          )}
        </div>
      )}

      {own && (
        <div className="mt-4 flex flex-wrap gap-2 border-t border-slate-100 pt-3">
          {position && (
            <>
              <Button
                variant="secondary"
                size="sm"
                disabled={!canChange || moving || position.index === 0}
                onClick={() => onMove(-1)}
                aria-label={t("order.up", { name: account.name })}
              >
                <span aria-hidden>↑</span>
                {t("order.upShort")}
              </Button>
              <Button
                variant="secondary"
                size="sm"
                disabled={!canChange || moving || position.index === position.count - 1}
                onClick={() => onMove(1)}
                aria-label={t("order.down", { name: account.name })}
              >
                <span aria-hidden>↓</span>
                {t("order.downShort")}
              </Button>
            </>
          )}
          <Button variant="secondary" size="sm" disabled={!canChange} onClick={() => setEditing(true)} aria-label={t("editLabel", { name: account.name })}>
            {t("edit")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            disabled={!canChange}
            busy={activate.isPending || deactivate.isPending}
            onClick={() => (account.active ? deactivate : activate).mutate({ labId: lab.id, id: account.id })}
            aria-label={t(account.active ? "deactivateLabel" : "activateLabel", { name: account.name })}
          >
            {account.active ? t("deactivate") : t("activate")}
          </Button>
          <Button variant="secondary" size="sm" disabled={!canChange} onClick={() => setTesting((v) => !v)} aria-expanded={testing} aria-label={t("test.openLabel", { name: account.name })}>
            {t("test.open")}
          </Button>
        </div>
      )}
      {toggleError && (
        <Notice tone="error" className="mt-3">
          {messageOf(toggleError)}
        </Notice>
      )}
      {testing && canChange && <TestSendForm account={account} />}
    </article>
  );
}

function Detail({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{term}</dt>
      <dd className="text-slate-800">{value}</dd>
    </div>
  );
}

function HealthDetail({ health }: { health: TAccountHealth | null }) {
  const t = useTranslations("providerAccounts.health");
  const format = useFormatter();
  if (!health || health.failureRate === null) return <Detail term={t("label")} value={t("none")} />;
  const tone = health.failureRate >= 0.2 ? "text-red-700" : health.failureRate > 0 ? "text-amber-800" : "text-emerald-700";
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{t("label")}</dt>
      <dd className={tone}>
        {t("rate", { rate: format.number(health.failureRate, { style: "percent", maximumFractionDigits: 1 }), failed: health.failed, answered: health.answered })}
      </dd>
    </div>
  );
}

/** Whether Herald calls the account now, or sends its messages to the next account while its breaker is open. */
function BreakerDetail({ breaker }: { breaker: TAccountHealth["breaker"] }) {
  const t = useTranslations("providerAccounts.health.breaker");
  const format = useDateFormat();
  const value =
    breaker.state === "open"
      ? t("open", { until: format.dateTime(breaker.openUntil) })
      : breaker.state === "half_open"
        ? t("halfOpen")
        : breaker.failures > 0
          ? t("closedFailing", { failures: breaker.failures })
          : t("closed");
  const tone = breaker.state === "open" ? "text-red-700" : breaker.state === "half_open" || breaker.failures > 0 ? "text-amber-800" : "text-emerald-700";
  return (
    <div data-testid="breaker-state" data-state={breaker.state}>
      <dt className="text-xs font-medium text-slate-500">{t("label")}</dt>
      <dd className={tone}>{value}</dd>
    </div>
  );
}

function BreakerNote({ breaker }: { breaker: TAccountHealth["breaker"] }) {
  const t = useTranslations("providerAccounts.health.breaker");
  const format = useDateFormat();
  return (
    <p className={`mt-2 rounded-md px-3 py-2 text-xs ${breaker.state === "open" ? "bg-red-50 text-red-900" : "bg-sky-50 text-sky-900"}`}>
      {breaker.state === "open"
        ? t("openNote", { failures: breaker.failures, code: breaker.lastCode ?? "other", until: format.dateTime(breaker.openUntil) })
        : t("halfOpenNote")}
    </p>
  );
}

function LastError({ provider, error }: { provider: string; error: NonNullable<TAccountHealth["lastError"]> }) {
  const t = useTranslations("providerAccounts.health");
  const format = useDateFormat();
  return (
    <div className="mt-2 rounded-md bg-red-50 px-3 py-2 text-xs text-red-900" data-testid="account-last-error">
      <span className="font-semibold">{t("lastError", { when: format.dateTime(error.at) })}</span>{" "}
      {error.code ? (
        <div className="mt-1 break-words">
          <FailureReason provider={provider} code={error.code} message={error.message} compact />
        </div>
      ) : (
        <span dir="auto" className="break-words">
          {error.message}
        </span>
      )}
    </div>
  );
}
