"use client";

import { useEffect, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import type { TTemplateContent } from "@/server/domain/templates";
import type { TChannel } from "@/components/templates/template-draft";
import type { TAudience } from "@/components/templates/template-audience";

type TPreviewInput = { labId: string; triggerKey: string; channel: TChannel; language: "en" | "ar" | "hi" | "ur" | "fr"; content: TTemplateContent; audience: TAudience; variables: Record<string, string> };

// Long enough that typing a word sends one request, short enough to feel live.
const DEBOUNCE_MS = 250;

/** Renders the draft on the server as the user types (the send flow's own renderer), keeping the last answer while the next is on its way. */
export function useTemplatePreview(input: TPreviewInput) {
  const trpc = useTRPC();
  const preview = useMutation(trpc.templates.preview.mutationOptions());
  const [latest, setLatest] = useState<typeof preview.data>(undefined);
  const key = JSON.stringify(input);
  const { mutateAsync } = preview;

  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      const { labId, triggerKey, channel, language, content, audience, variables } = JSON.parse(key) as TPreviewInput;
      mutateAsync({ labId, draft: { triggerKey, channel, language, audience, content }, variables })
        .then((result) => {
          if (!stale) setLatest(result);
        })
        .catch(() => undefined);
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [key, mutateAsync]);

  return { data: latest, pending: preview.isPending, error: preview.error };
}
