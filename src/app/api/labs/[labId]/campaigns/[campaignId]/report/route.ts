import { campaignCsvRoute } from "@/app/api/labs/[labId]/campaigns/campaign-csv-route";
import { streamCampaignReportCsv } from "@/server/services/campaigns/stream-campaign-csv";
import { messageExplainer } from "@/server/services/messages/explain-failure";
import { localeOfRequest } from "@/i18n/locale-of-request";

export const dynamic = "force-dynamic";

/** The campaign's report as CSV: each message's address, status and reason (explained in the reader's language), and each row that made none. */
export const GET = campaignCsvRoute("report", async (db, campaign, request) =>
  streamCampaignReportCsv({ db, campaignId: campaign.id, rowCount: campaign.rowCount, explain: await messageExplainer(localeOfRequest(request)) }),
);
