import type { JobLogger } from "@/server/jobs/define-job";

/** A logger that adds `bindings` to every line, for loggers without pino's child(). */
export function bindLogger(base: JobLogger, bindings: object): JobLogger {
  return {
    debug: (fields, message) => base.debug({ ...bindings, ...fields }, message),
    info: (fields, message) => base.info({ ...bindings, ...fields }, message),
    warn: (fields, message) => base.warn({ ...bindings, ...fields }, message),
    error: (fields, message) => base.error({ ...bindings, ...fields }, message),
  };
}
