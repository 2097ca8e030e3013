import { QueryCache, QueryClient } from "@tanstack/react-query";
import { isTRPCClientError } from "@trpc/client";

/** tRPC's HTTP status for an error, when it came from the server. */
function httpStatusOf(error: unknown): number | undefined {
  return isTRPCClientError(error) ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError(error) {
        // A session that expired while the page was open: start over at sign-in.
        if (httpStatusOf(error) === 401 && typeof window !== "undefined") window.location.assign("/login");
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A 4xx answer will not change on retry; network blips and 5xx might.
        retry: (failures, error) => {
          const status = httpStatusOf(error);
          return failures < 2 && (status === undefined || status >= 500);
        },
      },
    },
  });
}
