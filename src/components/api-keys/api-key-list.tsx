"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RowHeader, Table } from "@/components/ui/table";
import { RevokeApiKeyButton } from "@/components/api-keys/revoke-api-key-button";

type TApiKey = TRouterOutputs["apiKeys"]["list"][number];

export function ApiKeyList() {
  const { messageOf } = useApiErrors();
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
        <Table columns={[t("name"), t("reaches"), t("created"), t("lastUsed"), t("status"), lab.canAdminister && { label: t("actions"), align: "end", hidden: true }]}>
          {keys.data.map((key) => (
            <ApiKeyRow
              key={key.id}
              apiKey={key}
              showActions={lab.canAdminister}
              // Organization-wide keys belong to the platform admins, as on the server.
              canRevoke={lab.canAdminister && (key.labId !== null || lab.role === "PLATFORM_ADMIN")}
            />
          ))}
        </Table>
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
      <RowHeader className="min-w-48 font-normal">
        <span className="block font-medium">{apiKey.name}</span>
        <span className="font-mono text-xs text-slate-500" dir="ltr">
          {apiKey.prefix}…
        </span>
      </RowHeader>
      <td>{apiKey.labId ? t("thisLab") : t("organization")}</td>
      <td className="whitespace-nowrap" title={format.dateTime(apiKey.createdAt)}>
        {format.date(apiKey.createdAt)}
      </td>
      <td className="whitespace-nowrap">{format.dateTime(apiKey.lastUsedAt, t("never"))}</td>
      <td className="whitespace-nowrap">
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
      {showActions && <td className="text-end">{canRevoke && !revoked && <RevokeApiKeyButton apiKey={apiKey} />}</td>}
    </tr>
  );
}
