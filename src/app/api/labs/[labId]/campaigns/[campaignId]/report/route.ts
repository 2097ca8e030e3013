import { campaignCsvRoute } from "@/app/api/labs/[labId]/campaigns/campaign-csv-route";
import { streamCampaignReportCsv } from "@/server/services/campaigns/stream-campaign-csv";

export const dynamic = "force-dynamic";

/** The campaign's report as CSV: each message's address, status and reason, and each row that made none. */
export const GET = campaignCsvRoute("report", (db, campaign) => streamCampaignReportCsv({ db, campaignId: campaign.id, rowCount: campaign.rowCount }));
