/** What a secret config field shows instead of its value: whether one is stored, never any part of it. */
export type TSecretMask = { set: boolean };

export type TConfigObject = Record<string, unknown>;

/** True for a value shown as a secret's mask; sent back in an update, it keeps the stored secret. */
export function isSecretMask(value: unknown): value is TSecretMask {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "set" && typeof (value as TSecretMask).set === "boolean";
}

function holdsValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** A stored config as callers see it: every secret field as `{ set }`, the other fields as stored. */
export function maskAccountConfig(config: TConfigObject, secretFields: readonly string[]): TConfigObject {
  const masked: TConfigObject = { ...config };
  for (const field of secretFields) masked[field] = { set: holdsValue(config[field]) } satisfies TSecretMask;
  return masked;
}

/** The strings inside an account's secret fields, so they can be blanked out of any message. */
export function secretValuesOf(config: TConfigObject, secretFields: readonly string[]): string[] {
  const values: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") values.push(value);
    else if (typeof value === "number") values.push(String(value));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
  };
  for (const field of secretFields) collect(config[field]);
  return values;
}

// Blanking shorter strings would garble messages (a 2-character secret is in every word) and hide nothing.
const MIN_REDACTED_LENGTH = 4;

/** `text` with every secret value in it replaced, for error messages built from provider or schema output. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const longestFirst = [...new Set(secrets)].filter((s) => s.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
  return longestFirst.reduce((redacted, secret) => redacted.replaceAll(secret, "[secret]"), text);
}
