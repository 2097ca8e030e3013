import { campaignCsvRoute } from "@/app/api/labs/[labId]/campaigns/campaign-csv-route";
import { streamCampaignErrorsCsv } from "@/server/services/campaigns/stream-campaign-csv";

export const dynamic = "force-dynamic";

/** Every rejected row's problems as CSV (line, column, value, problem), for anyone who may read the lab. */
export const GET = campaignCsvRoute("errors", (db, campaign) => streamCampaignErrorsCsv({ db, campaignId: campaign.id, columns: campaign.columns }));
