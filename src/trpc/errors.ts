import { isTRPCClientError, type TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";
import type { TIssueParams } from "@/server/errors";

export type TApiError = TRPCClientErrorLike<AppRouter>;

/** Messages per input field, plus what belongs to no field on this form. */
export type TFormErrors = { fields: Record<string, string>; form: string | null };

export const NO_ERRORS: TFormErrors = { fields: {}, form: null };

/** One thing the server said was wrong: its English message and what it is about (see TIssueParams). */
export type TSaidIssue = { message: string; code?: string; params?: TIssueParams };

/** Words an issue in the viewer's language; `errorCode` is the whole error's (BAD_REQUEST, CONFLICT, ...). */
export type TSayIssue = (issue: TSaidIssue, errorCode: string | null, retryAfter?: number) => string;

/**
 * Puts each server error next to its field: issues (from zod or a service)
 * carry their input path, other service errors name the field in `data.field`
 * (and prefix it to the message). A nested path ("content.body") goes to its
 * own field when the form shows it, else to its top-level field. Errors on
 * fields the form does not show become the form-level message. `say` words
 * each in the viewer's language (useApiErrors gives it).
 */
export function formErrorsOf(error: TApiError | null, formFields: readonly string[], say: TSayIssue): TFormErrors {
  if (!error) return NO_ERRORS;
  const fields: Record<string, string> = {};
  const unplaced: string[] = [];
  const errorCode = error.data?.code ?? null;
  const place = (field: string | undefined, message: string) => {
    const shown = field === undefined ? undefined : [field, field.split(".")[0]!].find((name) => formFields.includes(name));
    if (shown) fields[shown] ??= message;
    else unplaced.push(field ? `${field}: ${message}` : message);
  };
  const issues = error.data?.zodIssues;
  if (issues && issues.length > 0) {
    for (const issue of issues) place(issue.path.length > 0 ? issue.path.join(".") : undefined, say(issue, errorCode));
  } else {
    const field = error.data?.field ?? undefined;
    const prefix = field ? `${field}: ` : "";
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    // No data at all: the request never reached Herald's API (a network failure).
    place(field, say({ message, code: error.data ? undefined : "network" }, errorCode, error.data?.retryAfter));
  }
  return { fields, form: unplaced.length > 0 ? unplaced.join("; ") : null };
}

/** One sentence for an error shown away from any field. */
export function messageOf(error: TApiError | null, say: TSayIssue): string | null {
  if (!error) return null;
  return formErrorsOf(error, [], say).form;
}

/**
 * Runs an action for a confirmation dialog: null when it worked, else the
 * server's message to show there. Anything but an API error is thrown on, for
 * the dialog to say in the viewer's language that something went wrong.
 */
export async function failureOf(run: () => Promise<unknown>, say: TSayIssue): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    if (isTRPCClientError<AppRouter>(error)) return messageOf(error, say);
    throw error;
  }
}
