"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RevokeApiKeyButton } from "@/components/api-keys/revoke-api-key-button";

type TApiKey = TRouterOutputs["apiKeys"]["list"][number];

export function ApiKeyList() {
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ labId: lab.id }));

  return (
    <Panel id="api-keys" title="Keys" description="Keys of this lab, and organization-wide keys that also reach it.">
      {keys.isPending && <p className="text-sm text-slate-500">Loading keys…</p>}
      {keys.isError && <Notice tone="error">{messageOf(keys.error)}</Notice>}
      {keys.data?.length === 0 && <p className="text-sm text-slate-500">No keys yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 text-xs font-medium tracking-wide text-slate-500 uppercase">
              <tr>
                <th scope="col" className="px-5 py-2">Name</th>
                <th scope="col" className="px-3 py-2">Reaches</th>
                <th scope="col" className="px-3 py-2">Created</th>
                <th scope="col" className="px-3 py-2">Last used</th>
                <th scope="col" className="px-3 py-2">Status</th>
                {lab.canAdminister && <th scope="col" className="px-5 py-2"><span className="sr-only">Actions</span></th>}
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
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr className={revoked ? "text-slate-400" : "text-slate-800"}>
      <th scope="row" className="min-w-48 px-5 py-3 text-left font-normal">
        <span className="block font-medium">{apiKey.name}</span>
        <span className="font-mono text-xs text-slate-500">
          {apiKey.prefix}…
        </span>
      </th>
      <td className="px-3 py-3">{apiKey.labId ? "This lab" : "Organization"}</td>
      <td className="px-3 py-3 whitespace-nowrap" title={formatDateTime(apiKey.createdAt)}>
        {formatDate(apiKey.createdAt)}
      </td>
      <td className="px-3 py-3 whitespace-nowrap">{formatDateTime(apiKey.lastUsedAt, "Never")}</td>
      <td className="px-3 py-3 whitespace-nowrap">
        {revoked ? (
          <>
            <Badge tone="danger">Revoked</Badge>
            <span className="mt-0.5 block text-xs" title={formatDateTime(apiKey.revokedAt)}>
              {formatDate(apiKey.revokedAt)}
            </span>
          </>
        ) : (
          <Badge tone="success">Active</Badge>
        )}
      </td>
      {showActions && <td className="px-5 py-3 text-right">{canRevoke && !revoked && <RevokeApiKeyButton apiKey={apiKey} />}</td>}
    </tr>
  );
}
