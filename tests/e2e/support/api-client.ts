import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { Page } from "@playwright/test";
import type { AppRouter } from "../../../src/server/api/root";
import { uniq } from "./demo";
import { createApiKey, openDashboard, openSection, switchLab } from "./pages";

/** Herald's API as an internal TypeScript client holding an API key sees it. */
export function apiClientWithKey(baseURL: string, key: string) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: new URL("/api/trpc", baseURL).toString(), transformer: superjson, headers: { authorization: `Bearer ${key}` } })],
  });
}

/** Opens the dashboard on `labName` and makes an API key named after `keyName` there: the lab's id and a client holding the key. */
export async function labWithApiClient(page: Page, baseURL: string, labName: string, keyName: string) {
  await openDashboard(page);
  const labId = await switchLab(page, labName);
  await openSection(page, "API keys");
  return { labId, client: apiClientWithKey(baseURL, await createApiKey(page, `${keyName} ${uniq()}`)) };
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
