"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCurrentLab } from "@/components/shell/current-lab";
import { TextField } from "@/components/ui/field";
import { InlineForm } from "@/components/ui/inline-form";

/**
 * Sends the file itself as the request body to the upload route, which reads it as it arrives; the
 * key makes a double submit one campaign. On success the campaign's page takes over.
 */
export function UploadCampaignForm() {
  const t = useTranslations("campaigns.upload");
  const lab = useCurrentLab();
  const router = useRouter();
  const [name, setName] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [key] = useState(() => crypto.randomUUID());

  const submit = async () => {
    if (!name.trim()) return setError(t("noName"));
    if (!file) return setError(t("noFile"));
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams({ name: name.trim(), fileName: file.name });
      const response = await fetch(`/api/labs/${encodeURIComponent(lab.id)}/campaigns/upload?${query}`, { method: "POST", body: file, headers: { "idempotency-key": `${key}:${file.name}:${file.size}` } });
      const body = (await response.json()) as { campaignId?: string; error?: string };
      if (!response.ok || !body.campaignId) return setError(body.error ?? response.statusText);
      router.push(`/labs/${encodeURIComponent(lab.id)}/campaigns/${encodeURIComponent(body.campaignId)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <InlineForm id="upload-campaign" title={t("title")} description={t("description")} error={error} submitLabel={busy ? t("uploading") : t("submit")} busy={busy} onSubmit={submit}>
      <TextField id="campaign-name" label={t("name")} value={name} onChange={(e) => setName(e.target.value)} className="sm:w-72" />
      <TextField
        id="campaign-file"
        label={t("file")}
        type="file"
        accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        className="sm:flex-1"
      />
    </InlineForm>
  );
}
