"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RevokeApiKeyButton } from "@/components/api-keys/revoke-api-key-button";

type TApiKey = TRouterOutputs["apiKeys"]["list"][number];

export function ApiKeyList() {
  const t = useTranslations("apiKeys.list");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ labId: lab.id }));

  return (
    <Panel id="api-keys" title={t("title")} description={t("description")}>
      {keys.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {keys.isError && <Notice tone="error">{messageOf(keys.error)}</Notice>}
      {keys.data?.length === 0 && <p className="text-sm text-slate-500">{t("empty")}</p>}
      {keys.data && keys.data.length > 0 && (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full text-start text-sm">
            <thead className="border-b border-slate-200 text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2">{t("name")}</th>
                <th scope="col" className="px-3 py-2">{t("reaches")}</th>
                <th scope="col" className="px-3 py-2">{t("created")}</th>
                <th scope="col" className="px-3 py-2">{t("lastUsed")}</th>
                <th scope="col" className="px-3 py-2">{t("status")}</th>
                {lab.canAdminister && <th scope="col" className="px-5 py-2"><span className="sr-only">{t("actions")}</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.data.map((key) => (
                <ApiKeyRow
                  key={key.id}
                  apiKey={key}
                  showActions={lab.canAdminister}
                  // Organization-wide keys belong to the platform admins, as on the server.
                  canRevoke={lab.canAdminister && (key.labId !== null || lab.role === "PLATFORM_ADMIN")}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function ApiKeyRow({ apiKey, showActions, canRevoke }: { apiKey: TApiKey; showActions: boolean; canRevoke: boolean }) {
  const t = useTranslations("apiKeys.list");
  const format = useDateFormat();
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr className={revoked ? "text-slate-400" : "text-slate-800"}>
      <th scope="row" className="min-w-48 px-5 py-3 text-start font-normal">
        <span className="block font-medium">{apiKey.name}</span>
        <span className="font-mono text-xs text-slate-500" dir="ltr">
          {apiKey.prefix}…
        </span>
      </th>
      <td className="px-3 py-3">{apiKey.labId ? t("thisLab") : t("organization")}</td>
      <td className="px-3 py-3 whitespace-nowrap" title={format.dateTime(apiKey.createdAt)}>
        {format.date(apiKey.createdAt)}
      </td>
      <td className="px-3 py-3 whitespace-nowrap">{format.dateTime(apiKey.lastUsedAt, t("never"))}</td>
      <td className="px-3 py-3 whitespace-nowrap">
        {revoked ? (
          <>
            <Badge tone="danger">{t("revoked")}</Badge>
            <span className="mt-0.5 block text-xs" title={format.dateTime(apiKey.revokedAt)}>
              {format.date(apiKey.revokedAt)}
            </span>
          </>
        ) : (
          <Badge tone="success">{t("active")}</Badge>
        )}
      </td>
      {showActions && <td className="px-5 py-3 text-end">{canRevoke && !revoked && <RevokeApiKeyButton apiKey={apiKey} />}</td>}
    </tr>
  );
}
