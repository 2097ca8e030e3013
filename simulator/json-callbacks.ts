// Callbacks as JSON POSTs, for providers whose webhooks are JSON (Interakt, Bevatel, Pinnacle): the
// body is made once, so a duplicate delivery repeats the same event, and headers (a signature) are
// computed from it at each delivery.
import type { TCallback } from "./callbacks";

export type TJsonCallback = {
  url: string;
  label: string;
  heraldMessageId: string | null;
  payload: () => unknown;
  /** Extra headers for the exact body sent (a signature); none for unsigned providers. */
  sign?: (body: string) => Record<string, string>;
  userAgent: string;
};

export function jsonCallback(spec: TJsonCallback): TCallback {
  let body: string | undefined;
  return {
    url: spec.url,
    label: spec.label,
    heraldMessageId: spec.heraldMessageId,
    build() {
      body ??= JSON.stringify(spec.payload());
      return { headers: { "content-type": "application/json", "user-agent": spec.userAgent, ...spec.sign?.(body) }, body };
    },
  };
}

/** The steps of one message's outcome for providers reporting sent/delivered/read/failed by webhook only. */
export type TStatusStep = { status: "sent" | "delivered" | "read" | "failed"; error?: { code: string; reason: string } };
