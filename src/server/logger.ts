import pino from "pino";

/**
 * Keys whose values never reach a log line, at any depth: credentials, provider configs (plain or
 * sealed), session and API tokens, cookies and one-time codes.
 */
const SECRET_KEY = /pass(word|wd|phrase)|secret|token|api[-_]?key|authorization|cookie|credential|^config(enc)?$|^(code|otp)$/i;
// Cheap test on the raw line, so lines without any such key skip the re-parse.
const MAYBE_SECRET = /pass(word|wd|phrase)|secret|token|api[-_]?key|authorization|cookie|credential|config|"code"|"otp"/i;
const CENSOR = "[redacted]";

/** A serialised error's `code` (ECONNRESET, P2002, a provider's error code) is a diagnosis, not a one-time code. */
const isSerialisedError = (holder: unknown) => typeof holder === "object" && holder !== null && typeof (holder as { stack?: unknown }).stack === "string";

function redactKey(this: unknown, key: string, value: unknown): unknown {
  if (key === "" || !SECRET_KEY.test(key)) return value;
  return key === "code" && isSerialisedError(this) ? value : CENSOR;
}

/**
 * Redacts by key name over the whole serialised line: pino's `redact` paths name fixed depths, and
 * child bindings and serialised errors bypass `formatters.log`, so a secret nested one level deeper
 * than a path foresaw would be written out.
 */
export function redactLine(line: string): string {
  if (!MAYBE_SECRET.test(line)) return line;
  try {
    const redacted = JSON.stringify(JSON.parse(line, redactKey));
    return line.endsWith("\n") ? `${redacted}\n` : redacted;
  } catch {
    // Not JSON (never the case for pino's own lines): drop it rather than risk writing a secret.
    return `${JSON.stringify({ msg: "log line withheld: it could not be checked for secrets" })}\n`;
  }
}

/** Herald's logger options writing to `destination` (standard output when omitted): for tests of what reaches a log. */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: "herald" },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: { streamWrite: redactLine },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Structured JSON logs; child loggers carry the request id. */
export const logger = createLogger();

export type Logger = pino.Logger;
