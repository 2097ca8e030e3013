import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { campaignRouteAccess } from "@/app/api/labs/[labId]/campaigns/campaign-route-access";
import { CAMPAIGN_FORMATS, ZCampaignName, ZIdempotencyKey } from "@/server/domain/campaigns";
import { AppError } from "@/server/errors";
import { importCampaignFile } from "@/server/services/campaigns/import-campaign-file";

export const dynamic = "force-dynamic";

// 100,000 rows of a dozen columns are about 15 MB as CSV; an XLSX is smaller.
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const ZUploadQuery = z.strictObject({
  name: ZCampaignName,
  fileName: z
    .string({ message: "expected the file's name" })
    .min(1, "must not be empty")
    .max(255, "expected at most 255 characters")
    .regex(/\.(csv|tsv|txt|xlsx)$/i, "expected a .csv, .tsv or .xlsx file"),
});

/**
 * A spreadsheet upload: the request body is the file itself (CSV, TSV or XLSX), read as it arrives
 * into a draft campaign. `Idempotency-Key` makes a retried upload return the campaign of the first.
 * Answers 201 with `{campaignId, rowCount}` (200 for a replay), or 400 naming what is wrong.
 */
export async function POST(request: Request, { params }: { params: Promise<{ labId: string }> }) {
  const { labId } = await params;
  const access = await campaignRouteAccess(request, labId, { write: true });
  if (access instanceof Response) return access;
  const query = ZUploadQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const key = ZIdempotencyKey.optional().safeParse(request.headers.get("idempotency-key") ?? undefined);
  const issues = [
    ...(query.success ? [] : query.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }))),
    ...(key.success ? [] : key.error.issues.map((i) => ({ path: ["Idempotency-Key"], message: i.message }))),
  ];
  const declaredSize = Number(request.headers.get("content-length") ?? 0);
  if (declaredSize > MAX_UPLOAD_BYTES) issues.push({ path: ["file"], message: `expected at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` });
  if (!request.body) issues.push({ path: ["file"], message: "expected the file as the request body" });
  if (issues.length > 0 || !query.success || !key.success || !request.body) return badRequest(issues);

  const extension = query.data.fileName.split(".").pop()!.toLowerCase();
  const format = (extension === "txt" ? "tsv" : extension) as (typeof CAMPAIGN_FORMATS)[number];
  try {
    const input = Readable.fromWeb(limitBytes(request.body, MAX_UPLOAD_BYTES) as NodeReadableStream<Uint8Array>);
    const result = await importCampaignFile({ db: access.ctx.db, principal: access.principal, lab: access.lab, name: query.data.name, fileName: query.data.fileName, format, input, idempotencyKey: key.data });
    return Response.json(result, { status: result.created ? 201 : 200 });
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.message, issues: error.issues }, { status: error.code === "BAD_REQUEST" ? 400 : 409 });
    if (error instanceof UploadTooLarge) return badRequest([{ path: ["file"], message: error.message }]);
    // A file the parsers cannot read (not CSV, a broken XLSX) is the uploader's to fix.
    if (error instanceof Error && /CSV_|zip|end of central directory|Invalid|Unexpected/i.test(`${(error as { code?: string }).code ?? ""} ${error.message}`)) {
      return badRequest([{ path: ["file"], message: `could not read the file as ${format.toUpperCase()}: ${error.message}` }]);
    }
    throw error;
  }
}

function badRequest(issues: { path: string[]; message: string }[]): Response {
  return Response.json({ error: issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; "), issues }, { status: 400 });
}

class UploadTooLarge extends Error {}

/** The body, failing once more than `max` bytes have come (a missing or false Content-Length included). */
function limitBytes(body: ReadableStream<Uint8Array>, max: number): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > max) controller.error(new UploadTooLarge(`expected at most ${max / 1024 / 1024} MB`));
        else controller.enqueue(chunk);
      },
    }),
  );
}
