import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { auth } from "@/server/auth/auth";

/** The API as the signed-in user, for server components; one per request. */
export const serverCaller = cache(async () => createCaller(await createTRPCContext({ headers: await headers() })));

/** The staff session of this request, or null. */
export const currentSession = cache(async () => {
  // headers() first: it marks the route dynamic, so a build never opens the database.
  const requestHeaders = await headers();
  return auth().api.getSession({ headers: requestHeaders });
});

/** The current staff session, or a redirect to sign-in. */
export const requireSession = cache(async () => {
  const session = await currentSession();
  if (!session) redirect("/login");
  return session;
});
