import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { openJson, sealJson } from "@/server/crypto/secret-box";
import { AppError } from "@/server/errors";
import { loadAdapter, PROVIDER_IDS } from "@/server/providers/registry";
import type { AnyChannelAdapter } from "@/server/providers/types";
import { redactSecrets, secretValuesOf, type TConfigObject } from "@/server/services/business-accounts/mask-account-config";

const CONTEXT = "BusinessAccount.configEnc";

/** The adapter an account would use; a BAD_REQUEST naming the field when there is none. */
export async function requireAdapter(provider: string, channel: Channel): Promise<AnyChannelAdapter> {
  const adapter = await loadAdapter(provider, channel);
  if (!adapter) {
    const known = (PROVIDER_IDS as readonly string[]).includes(provider);
    throw new AppError("BAD_REQUEST", known ? `"${provider}" does not send ${channel}` : `expected one of ${PROVIDER_IDS.join(", ")}`, "provider");
  }
  return adapter;
}

/**
 * Validates a config against the provider's schema and encrypts it for BusinessAccount.configEnc.
 * Errors name each field (`config.accountSid: ...`) and never quote a secret.
 */
export function sealAccountConfig(adapter: AnyChannelAdapter, config: TConfigObject, key = encryptionKey()): string {
  const parsed = adapter.configSchema.safeParse(config);
  if (!parsed.success) {
    const [first, ...rest] = parsed.error.issues.map(describeIssue);
    const message = [first!.message, ...rest.map((issue) => `${issue.field}: ${issue.message}`)].join("; ");
    throw new AppError("BAD_REQUEST", redactSecrets(message, secretValuesOf(config, adapter.secretFields)), first!.field);
  }
  // The input, not the parsed output, is stored: defaults added later to a schema then apply to old accounts.
  return sealJson(config, key, CONTEXT);
}

function describeIssue(issue: z.core.$ZodIssue): { field: string; message: string } {
  const path = issue.path.map(String).join(".");
  const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
  // Adapters' messages often name their field already ("accountSid: expected ..."); say it once.
  const message = path && issue.message.startsWith(`${path}: `) ? issue.message.slice(path.length + 2) : issue.message;
  return { field: path ? `config.${path}` : "config", message: `${message}${keys}` };
}

/** The config as it was stored (the caller's input, before the schema's defaults), for views and merges. */
export function openStoredConfig(configEnc: string, key = encryptionKey()): TConfigObject {
  const config = openJson(configEnc, key, CONTEXT);
  return typeof config === "object" && config !== null && !Array.isArray(config) ? (config as TConfigObject) : {};
}

/** The stored config, or null when it was sealed with a key this server no longer has (or is damaged). */
export function openStoredConfigOrNull(configEnc: string, key = encryptionKey()): TConfigObject | null {
  try {
    return openStoredConfig(configEnc, key);
  } catch {
    return null;
  }
}

/** Decrypts an account's config and parses it with its adapter's schema, ready to hand to the adapter. */
export function openAccountConfig(adapter: AnyChannelAdapter, configEnc: string, key = encryptionKey()): unknown {
  return adapter.configSchema.parse(openJson(configEnc, key, CONTEXT));
}
