import type { TAdapterContext } from "@/server/providers/types";

/** A call context as delivery builds it: a timeout, the provider's base URL, the account's webhook URL. */
export function adapterContext(overrides: Partial<TAdapterContext> = {}): TAdapterContext {
  return { signal: AbortSignal.timeout(10_000), baseUrl: null, webhookUrl: "http://localhost:3000/api/webhooks/sandbox/test-account", ...overrides };
}
