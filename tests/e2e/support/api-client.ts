import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../../../src/server/api/root";

/** Herald's API as an internal TypeScript client holding an API key sees it. */
export function apiClientWithKey(baseURL: string, key: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: new URL("/api/trpc", baseURL).toString(), transformer: superjson, headers: { authorization: `Bearer ${key}` } })],
  });
}

/** The tRPC error code a call failed with (e.g. NOT_FOUND), or "OK" when it worked. */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCClientError) return String((error.data as { code?: string } | undefined)?.code);
    throw error;
  }
}
