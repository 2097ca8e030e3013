import { createTRPCContext } from "@/server/api/trpc";
import { resolveLabAccess } from "@/server/access/resolve-lab-access";
import type { TPrincipal } from "@/server/access/principal";

export type TCampaignRouteAccess = Exclude<Awaited<ReturnType<typeof resolveLabAccess>>, null> & { ctx: Awaited<ReturnType<typeof createTRPCContext>>; principal: TPrincipal };

/**
 * The campaign routes' caller, as tRPC's lab procedures decide it: a session or API key with access to
 * the lab (else 401, or 404 as for a lab that does not exist); to change anything, not lab staff, and
 * with a session only from Herald's own pages.
 */
export async function campaignRouteAccess(request: Request, labId: string, { write }: { write: boolean }): Promise<TCampaignRouteAccess | Response> {
  const ctx = await createTRPCContext({ headers: request.headers });
  if (!ctx.principal) return Response.json({ error: ctx.authError ?? "sign in or present an API key" }, { status: 401 });
  const access = await resolveLabAccess(ctx.db, ctx.principal, labId);
  if (!access) return Response.json({ error: "labId: lab not found" }, { status: 404 });
  if (write && ctx.originProblem) return Response.json({ error: ctx.originProblem }, { status: 403 });
  if (write && access.role === "LAB_STAFF") return Response.json({ error: "this action needs a lab admin or an API key" }, { status: 403 });
  return { ...access, ctx, principal: ctx.principal };
}
