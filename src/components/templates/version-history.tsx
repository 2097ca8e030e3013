"use client";

import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { failureOf, messageOf } from "@/trpc/errors";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { VersionDiff } from "@/components/templates/version-diff";

type TVersionHistoryProps = { labId: string; templateId: string; currentVersion: number; canRestore: boolean; dir: "ltr" | "rtl"; onRestored: (message: string) => void };

const PAGE_SIZE = 10;

/** The template's versions a page at a time; pick any two to compare, restore an older one (lab overrides, admins). */
export function VersionHistory({ labId, templateId, currentVersion, canRestore, dir, onRestored }: TVersionHistoryProps) {
  const t = useTranslations("templates.history");
  const fieldName = useTranslations("templates.history.fields");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useInfiniteQuery(
    trpc.templates.versions.infiniteQueryOptions({ labId, templateId, limit: PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const [picked, setPicked] = useState<{ from?: number; to?: number }>({});
  const restore = useMutation(trpc.templates.restore.mutationOptions());
  const from = picked.from ?? Math.max(1, currentVersion - 1);
  const to = picked.to ?? currentVersion;
  const items = versions.data?.pages.flatMap((page) => page.items) ?? [];
  const total = versions.data?.pages[0]?.total ?? 0;
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
        <div className="-mx-5 overflow-x-auto">
          <table className="w-full text-start text-sm">
            <thead className="border-b border-slate-200 text-xs font-medium text-slate-500">
              <tr>
                <th scope="col" className="px-5 py-2 text-start">{t("version")}</th>
                <th scope="col" className="px-2 py-2 text-center">{t("from")}</th>
                <th scope="col" className="px-2 py-2 text-center">{t("to")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("savedAt")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("by")}</th>
                <th scope="col" className="px-3 py-2 text-start">{t("changed")}</th>
                {canRestore && <th scope="col" className="px-5 py-2"><span className="sr-only">{t("restore")}</span></th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((v) => (
                <tr key={v.version} data-testid={`version-${v.version}`}>
                  <th scope="row" className="px-5 py-2 text-start font-medium text-slate-900">
                    v{v.version} {v.current && <Badge tone="success">{t("current")}</Badge>}
                  </th>
                  <td className="px-2 py-2 text-center">
                    <input type="radio" name="compare-from" aria-label={t("compareFrom", { version: v.version })} checked={from === v.version} onChange={() => setPicked({ from: v.version, to })} className="size-4 accent-sky-700" />
                  </td>
                  <td className="px-2 py-2 text-center">
                    <input type="radio" name="compare-to" aria-label={t("compareTo", { version: v.version })} checked={to === v.version} onChange={() => setPicked({ from, to: v.version })} className="size-4 accent-sky-700" />
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-700">{format.dateTime(v.createdAt, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td className="px-3 py-2 text-slate-700">{v.createdBy?.name ?? t("catalogue")}</td>
                  <td className="px-3 py-2 text-slate-700">{v.changed.length === 0 ? t("first") : format.list(v.changed.map((f) => fieldName(f)), { type: "conjunction" })}</td>
                  {canRestore && (
                    <td className="px-5 py-2 text-end">
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
            </tbody>
          </table>
        </div>
      )}
      {versions.hasNextPage && (
        <Button variant="secondary" size="sm" className="mt-3" busy={versions.isFetchingNextPage} onClick={() => versions.fetchNextPage()}>
          {t("loadMore")}
        </Button>
      )}
      {total > 0 && (
        <div className="mt-4">
          <VersionDiff labId={labId} templateId={templateId} from={from} to={to} dir={dir} />
        </div>
      )}
    </Panel>
  );
}
