"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useTRPC } from "@/trpc/react";
import { useApiErrors } from "@/trpc/use-api-errors";
import type { TRouterOutputs } from "@/trpc/types";
import { useCurrentLab } from "@/components/shell/current-lab";
import { Button } from "@/components/ui/button";
import { useDateFormat } from "@/components/ui/format";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import { FailureReason } from "@/components/messages/failure-reason";
import { StatusBadge } from "@/components/messages/status-badge";
import { SkipReason } from "@/components/messages/skip-reason";
import { REFRESH_MS } from "@/components/stats/stats-range";
import { TriggerLabel } from "@/components/triggers/trigger-label";
import { RecordedFields } from "@/components/audit/audit-diff";

type TMessage = TRouterOutputs["messages"]["get"];
const RTL_LANGUAGES = new Set(["ar", "fa", "he", "ur"]);
const OTP_TRIGGER = "OTP";

/** One message: its facts, rendered content, full timeline, and retry or cancel for those who may. */
export function MessageDetail({ messageId }: { messageId: string }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("messages.detail");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const message = useQuery({ ...trpc.messages.get.queryOptions({ labId: lab.id, messageId }), refetchInterval: REFRESH_MS });
  if (message.isError) return <Notice tone="error">{messageOf(message.error)}</Notice>;
  if (!message.data) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  const m = message.data;
  return (
    <div className="space-y-5">
      <Actions message={m} />
      {m.errorCode && (
        <Panel id="failure" title={t("failure")}>
          <FailureReason provider={m.provider} code={m.errorCode} message={m.errorMessage} providerCode={providerCodeOf(m.timeline, m.errorCode)} />
        </Panel>
      )}
      <Facts message={m} />
      <Content message={m} />
      <Timeline message={m} />
    </div>
  );
}

function Actions({ message }: { message: TMessage }) {
  const { messageOf } = useApiErrors();
  const t = useTranslations("messages.detail");
  const trpc = useTRPC();
  const lab = useCurrentLab();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.messages.get.queryKey({ labId: lab.id, messageId: message.id }) });
  const retry = useMutation(trpc.messages.retry.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.notifications.cancel.mutationOptions({ onSuccess: refresh }));
  // A one-time code is never sent again from its message (the server refuses): a new verification sends a new one.
  const oneTimeCode = message.status === "FAILED" && message.triggerKey === OTP_TRIGGER;
  const canRetry = message.status === "FAILED" && !oneTimeCode;
  const canCancel = message.status === "SCHEDULED" || message.status === "QUEUED";
  if (oneTimeCode) return <p className="text-sm text-slate-600" data-testid="otp-no-retry">{t("otpNoRetry")}</p>;
  // After a retry or a cancel the buttons go, but what happened stays said.
  const done = retry.isSuccess || cancel.isSuccess || retry.error || cancel.error;
  if (!canRetry && !canCancel && !done) return null;
  const readOnly = !lab.canAdminister;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {canRetry && (
          <Button busy={retry.isPending} disabled={readOnly} onClick={() => retry.mutate({ labId: lab.id, messageId: message.id })}>
            {t("retry")}
          </Button>
        )}
        {canCancel && (
          <Button variant="danger" busy={cancel.isPending} disabled={readOnly} onClick={() => cancel.mutate({ labId: lab.id, messageIds: [message.id] })}>
            {t("cancel")}
          </Button>
        )}
        {readOnly && <span className="text-xs text-slate-500">{t("readOnly")}</span>}
      </div>
      {retry.isSuccess && <Notice tone="success">{t("retried")}</Notice>}
      {cancel.isSuccess && <Notice tone="success">{t("cancelled")}</Notice>}
      {(retry.error || cancel.error) && <Notice tone="error">{messageOf(retry.error ?? cancel.error)}</Notice>}
    </div>
  );
}

function Facts({ message: m }: { message: TMessage }) {
  const t = useTranslations("messages.detail");
  const tc = useTranslations("stats.filters.channels");
  const format = useFormatter();
  const date = useDateFormat();
  const none = t("none");
  const rows: [string, React.ReactNode][] = [
    ["status", <StatusBadge key="s" status={m.status} />],
    ["channel", tc(m.channel)],
    ["trigger", <TriggerLabel key="t" triggerKey={m.triggerKey} />],
    // A skipped message may never have had an address; only a redacted one lost it.
    ["to", m.to ? <span key="to" dir="ltr" className="font-mono text-xs">{m.to}</span> : m.redactedAt ? t("redacted") : none],
    ["externalId", m.contact?.externalId ?? none],
    ["provider", m.provider ?? none],
    ["providerMessageId", m.providerMessageId ? <span key="p" dir="ltr" className="font-mono text-xs">{m.providerMessageId}</span> : none],
    ["attempts", format.number(m.attempts)],
    ["segments", m.segments === null ? none : format.number(m.segments)],
    ["cost", m.cost && m.currency ? format.number(Number(m.cost), { style: "currency", currency: m.currency, maximumFractionDigits: 6 }) : none],
    ["created", date.dateTime(m.createdAt)],
    ["sendAt", date.dateTime(m.sendAt)],
    ["sent", date.dateTime(m.sentAt)],
    ["delivered", date.dateTime(m.deliveredAt)],
    ["error", m.errorCode ? <span key="e" dir="ltr" className="font-mono text-xs">{m.errorCode}</span> : none],
    ["skipReason", m.skipReason ? <SkipReason key="sr" reason={m.skipReason} /> : none],
  ];
  return (
    <Panel id="facts" title={t("facts")}>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2" data-testid="message-facts">
        {rows.map(([key, value]) => (
          <div key={key} className="flex justify-between gap-3 border-b border-slate-100 py-1">
            <dt className="shrink-0 text-slate-500">{t(key as never)}</dt>
            <dd className="text-end text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </Panel>
  );
}

function Content({ message: m }: { message: TMessage }) {
  const t = useTranslations("messages.detail");
  const dir = m.language && RTL_LANGUAGES.has(m.language) ? "rtl" : "ltr";
  const text = m.body ?? m.text;
  return (
    <Panel id="content" title={t("content")}>
      {m.redactedAt ? (
        <p className="text-sm text-slate-500">{t("contentRedacted")}</p>
      ) : !m.subject && !text ? (
        // A message skipped before its template was rendered (or sent by a provider template alone) has no text.
        <p className="text-sm text-slate-500" data-testid="message-content-none">
          {t("contentNone")}
        </p>
      ) : (
        <div lang={m.language ?? undefined} dir={dir} className="space-y-2 text-sm text-slate-900" data-testid="message-content">
          {m.subject && <p className="font-semibold">{m.subject}</p>}
          {text && <p className="whitespace-pre-wrap">{text}</p>}
        </div>
      )}
    </Panel>
  );
}

/**
 * The failure an event recorded: a provider's status report (errorCode) or a dispatch attempt (code),
 * with the provider's own code where Herald's reason stands for it.
 */
function failureOf(detail: unknown): { code: string; message: string | null; providerCode: string | null } | null {
  if (detail === null || typeof detail !== "object") return null;
  const { errorCode, errorMessage, code, message, providerCode } = detail as Record<string, unknown>;
  const found = typeof errorCode === "string" ? errorCode : typeof code === "string" ? code : null;
  if (!found) return null;
  const text = typeof errorMessage === "string" ? errorMessage : typeof message === "string" ? message : null;
  return { code: found, message: text, providerCode: typeof providerCode === "string" ? providerCode : null };
}

/** The provider's code behind the message's stored reason: the last event that recorded that reason. */
function providerCodeOf(timeline: readonly { detail: unknown }[], errorCode: string): string | null {
  const found = timeline.map((e) => failureOf(e.detail)).findLast((f) => f?.code === errorCode);
  return found?.providerCode ?? null;
}

function EventFailure({ provider, detail }: { provider: string | null; detail: unknown }) {
  const failure = failureOf(detail);
  if (!failure) return null;
  return (
    <div className="mt-1 text-sm" data-testid="event-failure">
      <FailureReason provider={provider} code={failure.code} message={failure.message} providerCode={failure.providerCode} compact />
    </div>
  );
}

/** Why a "skipped" event's message was not sent, in words, as on the message itself. */
function EventSkip({ detail }: { detail: unknown }) {
  const reason = detail !== null && typeof detail === "object" && "reason" in detail ? detail.reason : null;
  if (typeof reason !== "string") return null;
  return (
    <div className="mt-1 text-sm" data-testid="event-skip">
      <SkipReason reason={reason} compact />
    </div>
  );
}

/** The failure code a provider's report replaced (a status event that lifted FAILED `outcome_unknown`), if any. */
function liftedOutOf(detail: unknown): unknown {
  return detail !== null && typeof detail === "object" && "lifted" in detail ? detail.lifted : undefined;
}

function Timeline({ message: m }: { message: TMessage }) {
  const t = useTranslations("messages.detail");
  const ts = useTranslations("messages.sources");
  const te = useTranslations("messages.events");
  const tstatus = useTranslations("messages.status");
  const date = useDateFormat();
  return (
    <Panel id="timeline" title={t("timeline")}>
      <ol className="space-y-3 border-s border-slate-200 ps-4" data-testid="timeline">
        {m.timeline.map((e) => (
          <li key={e.id} className="relative">
            <span aria-hidden className="absolute -start-[1.3rem] top-1.5 size-2 rounded-full bg-sky-600" />
            <p className="text-sm text-slate-900">
              <span className="font-medium" data-event={e.type}>
                {te.has(e.type) ? te(e.type) : e.type}
              </span>
              {e.status && (
                <>
                  {" "}
                  <StatusBadge status={e.status} />
                </>
              )}
            </p>
            {e.status && liftedOutOf(e.detail) === "outcome_unknown" && (
              <p className="text-sm text-slate-700" data-testid="lifted">
                {te("liftedUnknownOutcome", { status: tstatus(e.status as never) })}
              </p>
            )}
            <EventFailure provider={m.provider} detail={e.detail} />
            {e.type === "skipped" && <EventSkip detail={e.detail} />}
            <p className="text-xs text-slate-500">
              {date.dateTime(e.createdAt)} · {ts(e.source as never)}
            </p>
            {e.detail !== null && Object.keys(e.detail as object).length > 0 && (
              <div className="mt-1 rounded bg-slate-50 p-2">
                <RecordedFields fields={e.detail as Record<string, unknown>} targetType="message" />
              </div>
            )}
          </li>
        ))}
      </ol>
    </Panel>
  );
}
