import { isDeepStrictEqual } from "node:util";
import { isSecretMask, type TConfigObject } from "@/server/services/business-accounts/mask-account-config";

/**
 * The config an update asks for. The given non-secret fields are the whole non-secret config (one
 * left out is removed). A secret field left out, or sent back as its mask, keeps its stored value;
 * a new value replaces it; null removes it. A create merges onto an empty stored config.
 */
export function mergeAccountConfig(stored: TConfigObject, given: TConfigObject, secretFields: readonly string[]): TConfigObject {
  const secrets = new Set(secretFields);
  const merged: TConfigObject = {};
  for (const [field, value] of Object.entries(given)) if (!secrets.has(field)) merged[field] = value;
  for (const field of secretFields) {
    const value = given[field];
    if (value === null) continue;
    if (value === undefined || isSecretMask(value)) {
      if (stored[field] !== undefined) merged[field] = stored[field];
    } else {
      merged[field] = value;
    }
  }
  return merged;
}

/** The names of the fields whose values differ, for the audit log (which never holds config values). */
export function changedConfigFields(before: TConfigObject, after: TConfigObject): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...fields].filter((field) => !isDeepStrictEqual(before[field], after[field])).sort();
}
