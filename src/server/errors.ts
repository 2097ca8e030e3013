export type TAppErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHORIZED" | "PRECONDITION_FAILED" | "TOO_MANY_REQUESTS";

/**
 * What an issue is about beyond its English message, for a client that says it in another
 * language: zod's own details (`minimum`, `format`, ...) or, for a service's check, a `reason`
 * naming the rule with the values its message quotes.
 */
export type TIssueParams = Record<string, string | number | boolean | string[]>;

/** One input at fault, in the shape of zod's issues (`error.data.zodIssues` carries both alike). */
export type TAppIssue = { path: string[]; code: string; message: string; params?: TIssueParams };

/** An input at fault as services name it: "items.3.recipient.phone". */
export type TFieldIssue = { field: string; message: string; params?: TIssueParams };

// A service's check is what zod calls a refinement, whose issues have the code "custom".
const issueOf = ({ field, message, params }: TFieldIssue): TAppIssue => ({ path: field.split("."), code: "custom", message, ...(params && { params }) });

/**
 * An error a caller can act on, raised by services. The API layer turns it into
 * a TRPCError with the same code; `field` names the (first) input at fault and
 * `issues` every one, so a call with several mistakes hears of all of them.
 */
export class AppError extends Error {
  readonly issues: TAppIssue[];

  constructor(
    readonly code: TAppErrorCode,
    message: string,
    readonly field?: string,
    /** Further inputs at fault in the same call, after `field`. */
    more: readonly TFieldIssue[] = [],
    /** What `field`'s issue is about beyond its message (see TIssueParams). */
    params?: TIssueParams,
  ) {
    const all = field ? [{ field, message, params }, ...more] : [];
    super(all.length > 0 ? all.map((issue) => `${issue.field}: ${issue.message}`).join("; ") : message);
    this.name = "AppError";
    this.issues = all.map(issueOf);
  }

  /** One error for every input at fault (at least one), in the order given. */
  static forFields(code: TAppErrorCode, issues: readonly [TFieldIssue, ...TFieldIssue[]]): AppError {
    const [first, ...more] = issues;
    return new AppError(code, first.message, first.field, more, first.params);
  }
}

/** A limit the caller reached: TOO_MANY_REQUESTS, with the seconds until the same call may succeed. */
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfter: number,
    /** Which limit, for the record of refusals (e.g. "recipient_10m"). */
    readonly rule?: string,
  ) {
    super("TOO_MANY_REQUESTS", message);
    this.name = "RateLimitError";
  }
}
