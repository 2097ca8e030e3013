import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { logger } from "@/server/logger";
import { RateLimitError } from "@/server/errors";

export const dynamic = "force-dynamic";

/** Serves tRPC; every request gets a request id (honouring x-request-id) in its log line and response. */
async function handler(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? crypto.randomUUID();
  const started = performance.now();
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers, requestId }),
    // A refused call says when to try again, as HTTP clients and proxies expect.
    responseMeta: ({ errors }) => {
      const waits = errors.flatMap((e) => (e.cause instanceof RateLimitError ? [e.cause.retryAfter] : []));
      return waits.length > 0 ? { headers: new Headers({ "retry-after": String(Math.max(...waits)) }) } : {};
    },
  });
  response.headers.set("x-request-id", requestId);
  // The line's fields (a URL parse among them) are built only when it will be written.
  if (logger.isLevelEnabled("info")) {
    logger.info(
      { requestId, method: req.method, path: new URL(req.url).pathname, status: response.status, ms: Math.round(performance.now() - started) },
      "trpc request",
    );
  }
  return response;
}

export { handler as GET, handler as POST };
