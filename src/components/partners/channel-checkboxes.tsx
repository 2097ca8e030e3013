"use client";

import { useTranslations } from "next-intl";
import { FieldError } from "@/components/ui/field";
import { CHANNEL_ORDER, type TChannel } from "@/components/provider-accounts/types";

type TChannelCheckboxesProps = { id: string; legend: string; value: TChannel[]; onChange: (channels: TChannel[]) => void; error?: string | null; disabled?: boolean };

/** A set of channels to tick, kept in the usual channel order. */
export function ChannelCheckboxes({ id, legend, value, onChange, error, disabled }: TChannelCheckboxesProps) {
  const tChannels = useTranslations("providerAccounts.channels");
  const toggle = (channel: TChannel, on: boolean) => onChange(CHANNEL_ORDER.filter((c) => (c === channel ? on : value.includes(c))));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-2 flex gap-4">
        {CHANNEL_ORDER.map((channel) => (
          <label key={channel} className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" id={`${id}-${channel}`} checked={value.includes(channel)} disabled={disabled} onChange={(e) => toggle(channel, e.target.checked)} />
            {tChannels(channel)}
          </label>
        ))}
      </div>
      <FieldError id={id} error={error} />
    </fieldset>
  );
}
