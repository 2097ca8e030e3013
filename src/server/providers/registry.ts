import type { Channel } from "@/generated/prisma/enums";
import { importOnce } from "@/server/import-once";
import type { AnyChannelAdapter, TProvider } from "@/server/providers/types";

/**
 * Every provider Herald can send through, by the id stored in BusinessAccount.provider. Adding a
 * provider is one line here and its own file; imports are lazy so a process loads only what it uses.
 */
const providers = {
  sandbox: importOnce(() => import("@/server/providers/sandbox/sandbox.provider").then((m) => m.sandboxProvider)),
  twilio: importOnce(() => import("@/server/providers/twilio/twilio.provider").then((m) => m.twilioProvider)),
  resend: importOnce(() => import("@/server/providers/resend/resend.provider").then((m) => m.resendProvider)),
  sendgrid: importOnce(() => import("@/server/providers/sendgrid/sendgrid.provider").then((m) => m.sendgridProvider)),
  meta: importOnce(() => import("@/server/providers/meta/meta.provider").then((m) => m.metaProvider)),
  interakt: importOnce(() => import("@/server/providers/interakt/interakt.provider").then((m) => m.interaktProvider)),
  bevatel: importOnce(() => import("@/server/providers/bevatel/bevatel.provider").then((m) => m.bevatelProvider)),
  pinnacle: importOnce(() => import("@/server/providers/pinnacle/pinnacle.provider").then((m) => m.pinnacleProvider)),
  generic: importOnce(() => import("@/server/providers/generic/generic.provider").then((m) => m.genericProvider)),
  unifonic: importOnce(() => import("@/server/providers/unifonic/unifonic.provider").then((m) => m.unifonicProvider)),
} satisfies Record<string, () => Promise<TProvider>>;

export type TProviderId = keyof typeof providers;
export const PROVIDER_IDS = Object.keys(providers) as TProviderId[];

export function isProviderId(id: string): id is TProviderId {
  return Object.hasOwn(providers, id);
}

/** The provider's adapter for a channel, or null when the provider is unknown or does not serve it. */
export async function loadAdapter(provider: string, channel: Channel): Promise<AnyChannelAdapter | null> {
  if (!isProviderId(provider)) return null;
  const loaded = await providers[provider]();
  return (loaded.adapters[channel] as AnyChannelAdapter | undefined) ?? null;
}
