// Herald's HTTP surface (tRPC at /api/trpc, provider webhooks at /api/webhooks) on node:http in a
// process of its own, as the proof suites kill and restart it; with --executor it also runs the local
// executor as the app's start-up hook does (instrumentation.ts). Listens on PORT at 127.0.0.1;
// HERALD_BASE_URL must name it (providers sign callbacks to that URL).
//
// The route handlers come from the sources and are served by the production server's own request
// handling (scripts/app-server/serve-route.ts): the same conversion, caps and answers as `npm start`,
// without Next. The production server itself needs a `next build` first (minutes on two cores), and
// takes seconds to start where this takes one: too slow for suites that restart the server K times.
import { parseArgs } from "node:util";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[accountId]/route";
import * as tokenWebhookRoute from "@/app/api/webhooks/[provider]/[accountId]/[token]/route";
import { installJobPorts } from "@/server/jobs/install-job-ports";
import { startProcessExecutor } from "@/server/jobs/local/start-process-executor";
import { serveRoutesWithoutNext } from "../route-server";

const { values } = parseArgs({ options: { executor: { type: "boolean", default: false } } });
const PORT = Number(process.env.PORT);

installJobPorts();
if (values.executor) startProcessExecutor();

serveRoutesWithoutNext(
  {
    "/api/webhooks/[provider]/[accountId]/route": webhookRoute,
    "/api/webhooks/[provider]/[accountId]/[token]/route": tokenWebhookRoute,
    "/api/trpc/[trpc]/route": trpcRoute,
  },
  PORT,
  `herald server on http://127.0.0.1:${PORT}`,
);
