import { csvStreamResponse } from "@/app/api/csv-stream-response";
import { campaignRouteAccess } from "@/app/api/labs/[labId]/campaigns/campaign-route-access";
import { AppError } from "@/server/errors";
import { findCampaign } from "@/server/services/campaigns/find-campaign";
import { streamCampaignErrorsCsv } from "@/server/services/campaigns/stream-campaign-csv";

export const dynamic = "force-dynamic";

/** Every rejected row's problems as CSV (line, column, value, problem), for anyone who may read the lab. */
export async function GET(request: Request, { params }: { params: Promise<{ labId: string; campaignId: string }> }) {
  const { labId, campaignId } = await params;
  const access = await campaignRouteAccess(request, labId, { write: false });
  if (access instanceof Response) return access;
  try {
    const campaign = await findCampaign(access.ctx.db, { labId: access.lab.id, campaignId });
    return csvStreamResponse(streamCampaignErrorsCsv({ db: access.ctx.db, campaignId: campaign.id, columns: campaign.columns }), `campaign-${campaign.id}-errors.csv`);
  } catch (error) {
    if (error instanceof AppError) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
}
