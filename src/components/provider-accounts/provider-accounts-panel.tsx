"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Notice } from "@/components/ui/notice";
import { ChannelAccounts } from "@/components/provider-accounts/channel-accounts";
import { CHANNEL_ORDER } from "@/components/provider-accounts/types";

const HEALTH_REFRESH_MS = 15_000;

/** Every channel's chain of accounts: the lab's own in the order delivery tries them, then the platform's fallbacks. */
export function ProviderAccountsPanel() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("providerAccounts");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const accounts = useQuery(trpc.businessAccounts.list.queryOptions({ labId: lab.id }));
  const providers = useQuery(trpc.businessAccounts.providers.queryOptions({ labId: lab.id }));
  // A breaker opens and closes within a minute: the page follows it.
  const health = useQuery({ ...trpc.businessAccounts.health.queryOptions({ labId: lab.id }), refetchInterval: HEALTH_REFRESH_MS });
  const error = accounts.error ?? providers.error;

  return (
    <div className="space-y-6">
      {!lab.canAdminister && (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      {error && <Notice tone="error">{messageOf(error)}</Notice>}
      {(accounts.isPending || providers.isPending) && !error && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {accounts.data &&
        providers.data &&
        CHANNEL_ORDER.map((channel) => (
          <ChannelAccounts
            key={channel}
            channel={channel}
            accounts={accounts.data.filter((a) => a.channel === channel)}
            providers={providers.data.filter((p) => p.channel === channel)}
            health={health.data ?? []}
          />
        ))}
    </div>
  );
}
