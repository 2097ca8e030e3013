export type TAppErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHORIZED" | "PRECONDITION_FAILED";

/**
 * An error a caller can act on, raised by services. The API layer turns it into
 * a TRPCError with the same code; `field` names the input at fault.
 */
export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = "AppError";
  }
}
