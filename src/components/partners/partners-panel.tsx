"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { focusRing } from "@/components/ui/styles";
import { AddPartnerForm } from "@/components/partners/add-partner-form";
import { PartnerDetail } from "@/components/partners/partner-detail";

export function PartnersPanel() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("partners");
  const tTypes = useTranslations("partners.types");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const list = useQuery(trpc.partners.list.queryOptions({ labId: lab.id, limit: 100 }));
  const [selected, setSelected] = useState<string | null>(null);
  const partnerId = selected ?? list.data?.partners[0]?.id ?? null;

  return (
    <div className="space-y-6">
      {lab.canAdminister ? (
        <AddPartnerForm onAdded={setSelected} />
      ) : (
        <Notice tone="info" title={tCommon("readOnly")}>
          {t("readOnly")}
        </Notice>
      )}
      <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
        <Panel id="partner-list" title={t("list.title")} description={t("list.description")}>
          {list.isPending && <p className="text-sm text-slate-500">{t("list.loading")}</p>}
          {list.isError && <Notice tone="error">{messageOf(list.error)}</Notice>}
          {list.data?.partners.length === 0 && <p className="text-sm text-slate-500">{t("list.empty")}</p>}
          <ul className="-mx-2 space-y-1">
            {list.data?.partners.map((partner) => (
              <li key={partner.id}>
                <button
                  type="button"
                  aria-current={partner.id === partnerId ? "true" : undefined}
                  onClick={() => setSelected(partner.id)}
                  className={`w-full rounded-md px-2 py-2 text-start ${focusRing} ${partner.id === partnerId ? "bg-slate-100" : "hover:bg-slate-50"}`}
                >
                  <span className="block text-sm font-medium text-slate-900">{partner.name}</span>
                  <span className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <Badge>{tTypes(partner.type)}</Badge>
                    {!partner.active && <Badge tone="danger">{t("inactive")}</Badge>}
                    {t("list.counts", { contacts: partner.contactCount, rules: partner.ruleCount })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </Panel>
        {partnerId && <PartnerDetail key={partnerId} partnerId={partnerId} />}
      </div>
    </div>
  );
}
