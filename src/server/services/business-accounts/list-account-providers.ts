import { z } from "zod";
import { CHANNELS } from "@/server/domain/notifications";
import { loadAdapter, PROVIDER_IDS, type TProviderId } from "@/server/providers/registry";
import type { Channel } from "@/generated/prisma/enums";
import { assertProviderAllowed } from "@/server/services/business-accounts/assert-provider-allowed";

/** A JSON Schema object, as z.toJSONSchema writes it. */
export type TConfigJsonSchema = Record<string, unknown>;

export type TAccountProviderOption = {
  provider: TProviderId;
  channel: Channel;
  /** The adapter's config schema as the caller fills it in (defaults optional): the dashboard's form is made from it. */
  configSchema: TConfigJsonSchema;
  /** Fields the form shows write-only and the API returns only as `{ set }`. */
  secretFields: string[];
  /** The provider's documented request rate, used while an account sets none; null: the provider queues itself. */
  providerRatePerSecond: number | null;
  /** Whether a repeated send is deduped by the provider, so at-least-once needs no opt-in. */
  idempotent: boolean;
};

/**
 * Every provider of the registry with each channel it serves. The schema is derived from the
 * adapter's zod config, so a new provider appears in the dashboard's form without a page of its own.
 */
export async function listAccountProviders({ labId }: { labId: string }): Promise<TAccountProviderOption[]> {
  const options: TAccountProviderOption[] = [];
  for (const channel of CHANNELS) {
    for (const provider of PROVIDER_IDS) {
      const adapter = await loadAdapter(provider, channel);
      // Only what the lab may save: the sandbox is offered in production only where the platform allows it.
      if (!adapter || !isAllowed(provider, labId)) continue;
      options.push({
        provider,
        channel,
        // Input side: a field with a default is optional to the person filling the form. Checks
        // JSON Schema cannot say (refinements, transforms) stay with the server's own validation.
        configSchema: z.toJSONSchema(adapter.configSchema, { io: "input", unrepresentable: "any" }) as TConfigJsonSchema,
        secretFields: [...adapter.secretFields],
        providerRatePerSecond: adapter.defaultRatePerSecond ?? null,
        idempotent: adapter.idempotent,
      });
    }
  }
  return options;
}

function isAllowed(provider: string, labId: string): boolean {
  try {
    assertProviderAllowed({ provider, labId });
    return true;
  } catch {
    return false;
  }
}
