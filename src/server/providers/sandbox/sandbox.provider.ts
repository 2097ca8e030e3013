// The in-process sandbox provider: SMS, WhatsApp and email with outcomes chosen by address or by
// rules in the account config (conventions documented in sandbox-outcome.ts). It is the embedded
// default's provider and the tests' provider simulator.
import { createSandboxAdapter } from "@/server/providers/sandbox/create-sandbox-adapter";
import type { TProvider } from "@/server/providers/types";

// GSM-7 fits 160 characters in one segment and 153 per part; anything else is UCS-2 (70 / 67).
function estimateSegments(body: string): number {
  const ucs2 = /[^\n\r\x20-\x7E]/.test(body);
  const length = [...body].length;
  const [single, part] = ucs2 ? [70, 67] : [160, 153];
  return length <= single ? 1 : Math.ceil(length / part);
}

export const sandboxProvider: TProvider = {
  id: "sandbox",
  name: "Sandbox (simulated, in process)",
  adapters: {
    SMS: createSandboxAdapter({
      channel: "SMS",
      units: (message) => message.segments ?? estimateSegments(message.body),
      defaultCostPerUnit: 0.0075,
      template: () => null,
    }),
    WHATSAPP: createSandboxAdapter({
      channel: "WHATSAPP",
      units: () => 1,
      defaultCostPerUnit: 0.005,
      template: (message) => message.template?.name ?? message.template?.contentSid ?? null,
    }),
    EMAIL: createSandboxAdapter({
      channel: "EMAIL",
      units: () => 1,
      defaultCostPerUnit: 0.0004,
      template: () => null,
    }),
  },
};
