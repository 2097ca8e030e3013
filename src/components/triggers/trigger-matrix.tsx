"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import { CHANNELS } from "@/server/domain/notifications";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { RecommendedTriggersNotice } from "@/components/triggers/recommended-triggers-notice";
import { TriggerSwitch } from "@/components/triggers/trigger-switch";
import { useTriggerText } from "@/components/triggers/use-trigger-text";

type TChannel = (typeof CHANNELS)[number];

/** Triggers x channels with a switch in each cell the catalogue allows; whole columns at once for admins. */
export function TriggerMatrix() {
  const { messageOf } = useApiErrors();
  const t = useTranslations("triggers.matrix");
  const text = useTriggerText();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lab = useCurrentLab();
  const triggers = useQuery(trpc.triggers.list.queryOptions({ labId: lab.id }));
  const [status, setStatus] = useState<string | null>(null);
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.triggers.list.pathFilter()), queryClient.invalidateQueries(trpc.triggers.recommended.pathFilter())]);

  const enable = useMutation(
    trpc.triggers.enable.mutationOptions({
      onSuccess: (result, input) => {
        const names = { trigger: text.name({ key: input.triggerKey, name: input.triggerKey }), channel: text.channel(input.channel) };
        setStatus(result.enabled ? t("turnedOn", names) : t("turnedOff", names));
        return refresh();
      },
    }),
  );
  const setMany = useMutation(
    trpc.triggers.setMany.mutationOptions({
      onSuccess: (result, input) => {
        setStatus(t("columnChanged", { count: result.changed.length, channel: text.channel(input.channels?.[0] ?? "") }));
        return refresh();
      },
    }),
  );
  const error = messageOf(enable.error ?? setMany.error);
  const busyCell = enable.isPending ? `${enable.variables?.triggerKey}/${enable.variables?.channel}` : null;

  return (
    <div className="space-y-6">
      <RecommendedTriggersNotice onEnabled={setStatus} />
      <Panel id="trigger-matrix" title={t("title")} description={t("description")}>
        {!lab.canAdminister && <Notice tone="info" className="mb-4">{t("readOnly")}</Notice>}
        {error && <Notice tone="error" className="mb-4">{error}</Notice>}
        <p aria-live="polite" className="mb-3 text-sm text-emerald-800 empty:hidden">
          {status}
        </p>
        {triggers.isPending && <p className="text-sm text-slate-500">{t("loading")}</p>}
        {triggers.isError && <Notice tone="error">{messageOf(triggers.error)}</Notice>}
        {triggers.data && (
          <div className="-mx-5 overflow-x-auto">
            <table className="w-full text-start text-sm">
              <thead className="border-b border-slate-200 text-xs font-medium text-slate-500">
                <tr>
                  <th scope="col" className="px-5 py-2 text-start">{t("trigger")}</th>
                  {CHANNELS.map((channel) => (
                    <th key={channel} scope="col" className="px-3 py-2 text-center">
                      <span className="block text-sm font-semibold text-slate-700">{text.channel(channel)}</span>
                      {lab.canAdminister && (
                        <span className="mt-1 flex justify-center gap-1">
                          <Button size="sm" variant="ghost" aria-label={t("columnOn", { channel: text.channel(channel) })} busy={setMany.isPending && setMany.variables?.enabled === true && setMany.variables.channels?.[0] === channel} onClick={() => setMany.mutate({ labId: lab.id, channels: [channel], enabled: true })}>
                            {t("allOn")}
                          </Button>
                          <Button size="sm" variant="ghost" aria-label={t("columnOff", { channel: text.channel(channel) })} busy={setMany.isPending && setMany.variables?.enabled === false && setMany.variables.channels?.[0] === channel} onClick={() => setMany.mutate({ labId: lab.id, channels: [channel], enabled: false })}>
                            {t("allOff")}
                          </Button>
                        </span>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {triggers.data.map((trigger) => (
                  <tr key={trigger.key} className="align-top">
                    <th scope="row" className="px-5 py-3 text-start font-normal">
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-medium text-slate-900">{text.name(trigger)}</span>
                        <Badge>{text.category(trigger.category)}</Badge>
                        {trigger.critical && <Badge tone="danger">{t("critical")}</Badge>}
                      </span>
                      <span className="mt-0.5 block text-xs text-slate-600">{text.description(trigger)}</span>
                      <span className="mt-1 block text-xs text-slate-500">
                        <span dir="ltr" className="font-mono">{trigger.key}</span>
                        <span className="sr-only">. {t("variables")}: </span>
                        <span aria-hidden> · </span>
                        {trigger.variables.map((name) => (
                          <code key={name} dir="ltr" className="me-1 rounded bg-slate-100 px-1 py-0.5 font-mono text-[11px] text-slate-700">{`{{ ${name} }}`}</code>
                        ))}
                      </span>
                    </th>
                    {CHANNELS.map((channel) => (
                      <td key={channel} className="px-3 py-3 text-center">
                        <Cell channel={channel} states={trigger.channels} label={t("switchLabel", { trigger: text.name(trigger), channel: text.channel(channel) })} id={`trigger-${trigger.key}-${channel}`} disabled={!lab.canAdminister} busy={busyCell === `${trigger.key}/${channel}`} notOnChannel={t("notOnChannel")} onChange={(enabled) => enable.mutate({ labId: lab.id, triggerKey: trigger.key, channel, enabled })} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
    </div>
  );
}

type TCellProps = { channel: TChannel; states: { channel: string; enabled: boolean }[]; label: string; id: string; disabled: boolean; busy: boolean; notOnChannel: string; onChange: (enabled: boolean) => void };

function Cell({ channel, states, label, id, disabled, busy, notOnChannel, onChange }: TCellProps) {
  const state = states.find((s) => s.channel === channel);
  if (!state) {
    return (
      <span className="text-slate-400" title={notOnChannel}>
        <span aria-hidden>—</span>
        <span className="sr-only">{notOnChannel}</span>
      </span>
    );
  }
  return <TriggerSwitch id={id} label={label} checked={state.enabled} disabled={disabled} busy={busy} onChange={onChange} />;
}
