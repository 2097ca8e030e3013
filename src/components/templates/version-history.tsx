"use client";

import { useState } from "react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { CursorPager, useCursorPages } from "@/components/ui/cursor-pager";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RowHeader, Table } from "@/components/ui/table";
import { VersionDiff } from "@/components/templates/version-diff";

type TVersionHistoryProps = { labId: string; templateId: string; currentVersion: number; canRestore: boolean; onRestored: (message: string) => void };

const PAGE_SIZE = 10;

/** The template's versions a page at a time; pick any two to compare, restore an older one (lab overrides, admins). */
export function VersionHistory({ labId, templateId, currentVersion, canRestore, onRestored }: TVersionHistoryProps) {
  const { failureOf, messageOf } = useApiErrors();
  const t = useTranslations("templates.history");
  const fieldName = useTranslations("templates.history.fields");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // A newly saved or restored version starts the history again from its first page.
  const pages = useCursorPages<number>(`${templateId}:${currentVersion}`);
  const versions = useQuery({
    ...trpc.templates.versions.queryOptions({ labId, templateId, limit: PAGE_SIZE, ...(pages.cursor !== undefined && { cursor: pages.cursor }) }),
    placeholderData: keepPreviousData,
  });
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const restore = useMutation(trpc.templates.restore.mutationOptions());
  const from = picked.from ?? Math.max(1, currentVersion - 1);
  const to = picked.to ?? currentVersion;
  const items = versions.data?.items ?? [];
  const total = versions.data?.total ?? 0;
  const description = total > 0 ? t("descriptionWithCount", { count: total }) : t("description");

  async function restoreVersion(version: number) {
    return failureOf(async () => {
      const result = await restore.mutateAsync({ labId, templateId, version });
      onRestored(result.restored ? t("restored", { version, newVersion: result.template.currentVersion }) : t("alreadyCurrent"));
      setPicked({});
      await queryClient.invalidateQueries(trpc.templates.pathFilter());
    });
  }

  return (
    <Panel id="version-history" title={t("title")} description={description}>
      {versions.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
      {versions.isError && <Notice tone="error">{messageOf(versions.error)}</Notice>}
      {items.length > 0 && (
        <Table
          columns={[
            t("version"),
            { label: t("from"), align: "center" },
            { label: t("to"), align: "center" },
            t("savedAt"),
            t("by"),
            t("changed"),
            canRestore && { label: t("restore"), align: "end", hidden: true },
          ]}
        >
          {items.map((v) => (
            <tr key={v.version} data-testid={`version-${v.version}`}>
              <RowHeader className="font-medium text-slate-900">
                v{v.version} {v.current && <Badge tone="success">{t("current")}</Badge>}
              </RowHeader>
              <td className="text-center">
                <input type="radio" name="compare-from" aria-label={t("compareFrom", { version: v.version })} checked={from === v.version} onChange={() => setPicked({ from: v.version, to })} className="size-4 accent-sky-700" />
              </td>
              <td className="text-center">
                <input type="radio" name="compare-to" aria-label={t("compareTo", { version: v.version })} checked={to === v.version} onChange={() => setPicked({ from, to: v.version })} className="size-4 accent-sky-700" />
              </td>
              <td className="whitespace-nowrap text-slate-700">{format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
              <td className="text-slate-700">{v.createdBy?.name ?? t("catalogue")}</td>
              <td className="text-slate-700">{v.changed.length === 0 ? t("first") : format.list(v.changed.map((f) => fieldName(f)), { type: "conjunction" })}</td>
              {canRestore && (
                <td className="text-end">
                  {!v.current && (
                    <ConfirmButton
                      trigger={{ variant: "secondary" }}
                      title={t("restoreTitle", { version: v.version })}
                      description={t("restoreDescription")}
                      confirmLabel={t("restore")}
                      onConfirm={() => restoreVersion(v.version)}
                    >
                      {t("restore")}
                      <span className="sr-only"> v{v.version}</span>
                    </ConfirmButton>
                  )}
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      <CursorPager pages={pages} nextCursor={versions.data?.nextCursor} label={t("pages")} />
      {total > 0 && (
        <div className="mt-4">
          <VersionDiff labId={labId} templateId={templateId} from={from} to={to} />
        </div>
      )}
    </Panel>
  );
}
