import pino from "pino";

/** Structured JSON logs; child loggers carry the request id. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "herald" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ["*.password", "*.token", "*.apiKey", "*.authorization", "*.secret"], censor: "[redacted]" },
});

export type Logger = pino.Logger;
