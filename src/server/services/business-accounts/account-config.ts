import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { openJson, sealJson } from "@/server/crypto/secret-box";
import { AppError } from "@/server/errors";
import { loadAdapter } from "@/server/providers/registry";
import type { AnyChannelAdapter } from "@/server/providers/types";

const CONTEXT = "BusinessAccount.configEnc";

/** The adapter an account would use; a BAD_REQUEST naming the field when there is none. */
export async function requireAdapter(provider: string, channel: Channel): Promise<AnyChannelAdapter> {
  const adapter = await loadAdapter(provider, channel);
  if (!adapter) throw new AppError("BAD_REQUEST", `provider "${provider}" does not send ${channel}`, "provider");
  return adapter;
}

/** Validates a config against the provider's schema and encrypts it for BusinessAccount.configEnc. */
export async function sealAccountConfig(provider: string, channel: Channel, config: unknown, key = encryptionKey()): Promise<string> {
  const adapter = await requireAdapter(provider, channel);
  const parsed = adapter.configSchema.safeParse(config);
  if (!parsed.success) throw new AppError("BAD_REQUEST", z.prettifyError(parsed.error).replaceAll("\n", " "), "config");
  // The input, not the parsed output, is stored: defaults added later to a schema then apply to old accounts.
  return sealJson(config, key, CONTEXT);
}

/** Decrypts an account's config and parses it with its adapter's schema, ready to hand to the adapter. */
export function openAccountConfig(adapter: AnyChannelAdapter, configEnc: string, key = encryptionKey()): unknown {
  return adapter.configSchema.parse(openJson(configEnc, key, CONTEXT));
}
