import { csvStreamResponse } from "@/app/api/csv-stream-response";
import { campaignRouteAccess } from "@/app/api/labs/[labId]/campaigns/campaign-route-access";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { findCampaign } from "@/server/services/campaigns/find-campaign";

type TCampaign = Awaited<ReturnType<typeof findCampaign>>;
type TRouteContext = { params: Promise<{ labId: string; campaignId: string }> };

/**
 * A GET handler streaming one of a campaign's CSV files (`campaign-<id>-<suffix>.csv`) to anyone who
 * may read the lab; a campaign of another lab, or none, is a 404.
 */
export function campaignCsvRoute(suffix: string, rows: (db: Db, campaign: TCampaign, request: Request) => AsyncGenerator<string> | Promise<AsyncGenerator<string>>) {
  return async function GET(request: Request, { params }: TRouteContext): Promise<Response> {
    const { labId, campaignId } = await params;
    const access = await campaignRouteAccess(request, labId, { write: false });
    if (access instanceof Response) return access;
    try {
      const campaign = await findCampaign(access.ctx.db, { labId: access.lab.id, campaignId });
      return csvStreamResponse(await rows(access.ctx.db, campaign, request), `campaign-${campaign.id}-${suffix}.csv`);
    } catch (error) {
      if (error instanceof AppError) return Response.json({ error: error.message }, { status: 404 });
      throw error;
    }
  };
}
