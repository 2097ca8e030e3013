import { z } from "zod";
import { ZMessageFilters } from "@/server/api/routers/messages";
import { createTRPCContext } from "@/server/api/trpc";
import { resolveLabAccess } from "@/server/access/resolve-lab-access";
import { streamMessagesCsv } from "@/server/services/messages/stream-messages-csv";
import { messageExplainer } from "@/server/services/messages/explain-failure";
import { localeOfRequest } from "@/i18n/locale-of-request";
import { csvStreamResponse } from "@/app/api/csv-stream-response";

export const dynamic = "force-dynamic";

const ZExportQuery = z.strictObject(ZMessageFilters);

/**
 * The messages list as CSV, with the list's filters as query parameters, for anyone who may read the
 * lab's messages (session or API key). Streamed page by page, so an export has no size limit. The
 * `explanation` column is in the caller's language (the dashboard's cookie, else Accept-Language, else English).
 */
export async function GET(request: Request, { params }: { params: Promise<{ labId: string }> }) {
  const { labId } = await params;
  const ctx = await createTRPCContext({ headers: request.headers });
  if (!ctx.principal) return Response.json({ error: ctx.authError ?? "sign in or present an API key" }, { status: 401 });
  const access = await resolveLabAccess(ctx.db, ctx.principal, labId);
  if (!access) return Response.json({ error: "labId: lab not found" }, { status: 404 });
  const parsed = ZExportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String), code: i.code, message: i.message }));
    return Response.json({ error: issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "), issues }, { status: 400 });
  }
  const rows = streamMessagesCsv({ db: ctx.db, labId: access.lab.id, filters: parsed.data, explain: await messageExplainer(localeOfRequest(request)) });
  const stamp = new Date().toISOString().slice(0, 10);
  return csvStreamResponse(rows, `messages-${access.lab.slug}-${stamp}.csv`);
}
