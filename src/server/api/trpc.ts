/**
 * The one place tRPC is set up: context, then initialisation, then the named
 * procedure bases. Each base narrows ctx so procedures never re-check access.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { db as defaultDb, type Db } from "@/server/db";
import { logger as rootLogger, type Logger } from "@/server/logger";
import { ADMIN_ROLES, type TPrincipal } from "@/server/access/principal";
import { resolveLabAccess, roleOf } from "@/server/access/resolve-lab-access";
import { AppError, RateLimitError, type TAppIssue } from "@/server/errors";
import { paramsOfZodIssue } from "@/server/api/zod-issue-params";
import { authenticateApiKeyCached } from "@/server/services/api-keys/api-key-cache";
import type { Lab } from "@/generated/prisma/client";
import { env } from "@/server/env";
import { foreignOriginProblem, hasSessionCookie, trustedOrigins } from "@/server/auth/trusted-origins";
import { ZId } from "@/server/api/schemas";
import { transformer } from "@/server/api/transformer";

// ----- Context ---------------------------------------------------------------

export type TContextInner = {
  db: Db;
  principal: TPrincipal | null;
  /** Why a presented credential was refused, so the caller hears about it. */
  authError?: string;
  /** Why this request may not change anything: a session cookie sent from a foreign or unknown origin. */
  originProblem?: string;
  requestId: string;
  logger: Logger;
  /** The lab of the presented API key, read with the key: a lab procedure on it reads no lab again. */
  apiKeyLab?: Lab | null;
};

/** The context without HTTP, for tests (createCaller) and server-side callers. */
export function createContextInner(opts: Partial<TContextInner> & { principal: TPrincipal | null }): TContextInner {
  const requestId = opts.requestId ?? crypto.randomUUID();
  return {
    db: opts.db ?? defaultDb(),
    principal: opts.principal,
    authError: opts.authError,
    originProblem: opts.originProblem,
    apiKeyLab: opts.apiKeyLab,
    requestId,
    logger: opts.logger ?? rootLogger.child({ requestId }),
  };
}

/** Resolves the caller from `Authorization: Bearer <api key>` or the session cookie. */
export async function createTRPCContext({ headers, requestId = crypto.randomUUID() }: { headers: Headers; requestId?: string }): Promise<TContextInner> {
  const db = defaultDb();
  const authorization = headers.get("authorization");
  if (authorization) {
    const [scheme, token] = authorization.split(" ", 2);
    const key = scheme?.toLowerCase() === "bearer" && token ? await authenticateApiKeyCached(db, token.trim()) : null;
    return createContextInner({ db, principal: key?.principal ?? null, apiKeyLab: key?.lab, requestId, authError: key ? undefined : "invalid or revoked API key" });
  }
  const { auth } = await import("@/server/auth/auth");
  const session = await auth().api.getSession({ headers });
  const principal: TPrincipal | null = session
    ? {
        kind: "user",
        userId: session.user.id,
        email: session.user.email,
        name: session.user.name,
        isPlatformAdmin: Boolean((session.user as { isPlatformAdmin?: boolean }).isPlatformAdmin),
      }
    : null;
  // API keys travel in a header no other site can make a browser send, so only cookie callers are checked.
  const originProblem = hasSessionCookie(headers) ? foreignOriginProblem(headers, trustedOrigins(env())) : undefined;
  return createContextInner({ db, principal, requestId, originProblem });
}

// ----- Initialisation ------------------------------------------------------------

function describeZodIssues(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join(".");
      const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
      return `${path || "input"}: ${issue.message}${keys}`;
    })
    .join("; ");
}

const t = initTRPC.context<TContextInner>().create({
  transformer,
  errorFormatter({ shape, error }) {
    const { cause } = error;
    // Issues with their paths, so a form can put each message by its field: zod's from input
    // parsing, a service's (AppError) from its own checks, in one shape.
    const issues: TAppIssue[] | null =
      cause instanceof ZodError
        ? cause.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message, ...paramsOfZodIssue(i) }))
        : cause instanceof AppError && cause.issues.length > 0
          ? cause.issues
          : null;
    // tRPC decides on stack traces once, when this module loads; a production process must never
    // send one, whatever NODE_ENV was when the module was first imported.
    const { stack, ...data } = shape.data;
    return {
      ...shape,
      data: {
        ...data,
        ...(process.env.NODE_ENV !== "production" && stack !== undefined && { stack }),
        zodIssues: issues,
        field: cause instanceof AppError ? (cause.field ?? null) : null,
        ...(cause instanceof RateLimitError && { retryAfter: cause.retryAfter }),
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

// ----- Procedure bases -----------------------------------------------------------

/**
 * Mutations made with a session cookie come from Herald's own pages only (cross-site request
 * forgery). Input errors get a message naming each field (server-side callers see it too, not only
 * HTTP clients); service errors become TRPCErrors with the service's code; anything else is logged.
 * One middleware, as every call runs each one (and copies its context) on its way in.
 */
const errorMapping = t.middleware(async ({ ctx, next, path, type }) => {
  if (type === "mutation" && ctx.originProblem) throw new TRPCError({ code: "FORBIDDEN", message: ctx.originProblem });
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ZodError) throw new TRPCError({ code: "BAD_REQUEST", message: describeZodIssues(cause), cause });
    if (cause instanceof AppError) throw new TRPCError({ code: cause.code, message: cause.message, cause });
    if (result.error.code === "INTERNAL_SERVER_ERROR") ctx.logger.error({ err: result.error, path, type }, "procedure failed");
  }
  return result;
});

export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: ctx.authError ?? "sign in or present an API key" });
  // tRPC merges what a middleware passes into the context: passing only what changes spares a copy per call.
  return next({ ctx: { principal: ctx.principal } });
});

/** Procedures for staff in a browser session (not API keys). */
export const userProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.principal.kind !== "user") throw new TRPCError({ code: "FORBIDDEN", message: "this procedure needs a staff sign-in" });
  return next({ ctx: { principal: ctx.principal } });
});

/**
 * Procedures on one lab: input carries `labId`; a caller without access gets
 * NOT_FOUND, so other tenants' labs cannot even be probed.
 */
export const labProcedure = authedProcedure.input(z.object({ labId: ZId })).use(async ({ ctx, input, next }) => {
  // A key of one lab calling on that lab: the lab was read with the key, and the key grants exactly it.
  const ownLab = ctx.principal.kind === "apiKey" && ctx.principal.labId === input.labId && ctx.apiKeyLab?.id === input.labId ? ctx.apiKeyLab : null;
  const access = ownLab ? { lab: ownLab, role: roleOf(ctx.principal, undefined) } : await resolveLabAccess(ctx.db, ctx.principal, input.labId);
  if (!access) throw new TRPCError({ code: "NOT_FOUND", message: "labId: lab not found" });
  return next({ ctx: { lab: access.lab, role: access.role } });
});

export const labAdminProcedure = labProcedure.use(({ ctx, next }) => {
  if (!ADMIN_ROLES.has(ctx.role)) throw new TRPCError({ code: "FORBIDDEN", message: "this action needs a lab admin" });
  return next();
});

/** Sending and acting on messages is for the lab's systems (API keys) and admins; staff sessions only read. */
export const labSenderProcedure = labProcedure.use(({ ctx, next }) => {
  if (ctx.role === "LAB_STAFF") throw new TRPCError({ code: "FORBIDDEN", message: "this action needs a lab admin or an API key" });
  return next();
});

export const platformAdminProcedure = userProcedure.use(({ ctx, next }) => {
  if (!ctx.principal.isPlatformAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "this action needs a platform admin" });
  return next();
});
