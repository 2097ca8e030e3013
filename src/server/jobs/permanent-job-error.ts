/**
 * Thrown by a handler when retrying cannot help (bad input, a provider's permanent rejection):
 * the local executor fails the job at once and Inngest gets a NonRetriableError.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}
