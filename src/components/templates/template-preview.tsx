"use client";

import { useTranslations } from "next-intl";
import type { TRouterOutputs } from "@/trpc/types";
import { Notice } from "@/components/ui/notice";
import { Panel } from "@/components/ui/panel";
import type { TAudience } from "@/components/templates/template-audience";

type TPreview = TRouterOutputs["templates"]["preview"];

/** The rendered draft as the patient (or the partner's contact) gets it: an email in a sandboxed frame, an SMS or WhatsApp bubble, in the template's direction. */
export function TemplatePreview({ preview, updating, audience }: { preview: TPreview | undefined; updating: boolean; audience: TAudience }) {
  const t = useTranslations("templates.preview");
  return (
    <Panel
      id="template-preview"
      title={t("title")}
      description={audience === "PARTNER" ? t("descriptionPartner") : t("description")}
      actions={
        <span aria-live="polite" className="text-xs text-slate-500">
          {updating ? t("updating") : ""}
        </span>
      }
    >
      {preview && !preview.rendered && <Notice tone="warning">{t("failed")}</Notice>}
      {preview?.rendered && <Rendered preview={preview} rendered={preview.rendered} />}
    </Panel>
  );
}

function Rendered({ preview, rendered }: { preview: TPreview; rendered: NonNullable<TPreview["rendered"]> }) {
  const t = useTranslations("templates.preview");
  const lang = preview.language;
  if (preview.channel === "EMAIL") {
    return (
      <div className="space-y-3">
        <p className="text-sm text-slate-700">
          <span className="font-medium text-slate-900">{t("subject")}</span>{" "}
          <span dir={preview.dir} lang={lang} data-testid="preview-subject">
            {rendered.subject}
          </span>
        </p>
        {/* sandbox="" runs no script and reaches nothing: the HTML is shown, never trusted. */}
        <iframe title={t("emailFrame")} sandbox="" srcDoc={rendered.html ?? ""} className="h-96 w-full rounded-md border border-slate-200 bg-white" />
        {rendered.text && (
          <details className="text-sm">
            <summary className="cursor-pointer text-slate-700">{t("plainText")}</summary>
            <pre dir={preview.dir} lang={lang} className="mt-2 whitespace-pre-wrap rounded-md bg-slate-50 p-3 font-sans text-slate-800">
              {rendered.text}
            </pre>
          </details>
        )}
      </div>
    );
  }
  return (
    <div className="space-y-3">
      {rendered.body !== undefined && (
        // The bubble sits where its language starts a line (Arabic on the right), in either page direction.
        <div dir={preview.dir} className="flex justify-start">
          <p
            dir={preview.dir}
            lang={lang}
            data-testid="preview-body"
            className={`max-w-md rounded-2xl px-4 py-2.5 text-sm whitespace-pre-wrap shadow-xs ${preview.channel === "WHATSAPP" ? "bg-emerald-50 text-emerald-950" : "bg-slate-100 text-slate-900"}`}
          >
            {rendered.body}
          </p>
        </div>
      )}
      {preview.sms && (
        <div className="text-sm">
          <p data-testid="sms-stats" aria-live="polite" className="font-medium text-slate-800">
            {t("smsStats", { encoding: preview.sms.encoding, segments: preview.sms.segments, characters: preview.sms.characters })}
          </p>
          {preview.sms.encoding === "UCS-2" && <p className="text-xs text-slate-500">{t("smsUnicode")}</p>}
          {preview.sms.segments > 1 && <p className="text-xs text-amber-800">{t("smsMulti")}</p>}
        </div>
      )}
      {preview.channel === "WHATSAPP" && <WhatsAppParameters parameters={rendered.waParameters ?? []} />}
    </div>
  );
}

function WhatsAppParameters({ parameters }: { parameters: string[] }) {
  const t = useTranslations("templates.preview");
  if (parameters.length === 0) return null;
  return (
    <div className="text-sm">
      <p className="font-medium text-slate-800">{t("waParameters")}</p>
      <ol className="mt-1 space-y-0.5">
        {parameters.map((value, index) => (
          <li key={index} className="flex gap-2">
            <code dir="ltr" className="font-mono text-xs text-slate-500">{`{{${index + 1}}}`}</code>
            <span dir="auto">{value}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
