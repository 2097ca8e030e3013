"use client";

import { useTriggerText } from "@/components/triggers/use-trigger-text";

/** A trigger by its name in the viewer's language, with its key (as the API and exports spell it) beneath. */
export function TriggerLabel({ triggerKey }: { triggerKey: string }) {
  const name = useTriggerText().name({ key: triggerKey, name: triggerKey });
  return (
    <>
      <span className="block">{name}</span>
      {name !== triggerKey && (
        <code dir="ltr" className="block text-start text-xs text-slate-500">
          {triggerKey}
        </code>
      )}
    </>
  );
}
