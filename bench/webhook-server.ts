// bench:webhooks --server node: Herald's webhook route handlers (the modules Next serves at
// /api/webhooks/<provider>/<account>) from the sources, on a plain node:http server in a process of
// its own, served by the production server's request handling (scripts/app-server/serve-route.ts)
// without Next: the floor for what the production server can reach. Listens on PORT at 127.0.0.1;
// HERALD_BASE_URL must name it.
import * as webhookRoute from "@/app/api/webhooks/[provider]/[accountId]/route";
import * as tokenWebhookRoute from "@/app/api/webhooks/[provider]/[accountId]/[token]/route";
import { serveRoutesWithoutNext } from "./route-server";

const PORT = Number(process.env.PORT);
serveRoutesWithoutNext(
  {
    "/api/webhooks/[provider]/[accountId]/route": webhookRoute,
    "/api/webhooks/[provider]/[accountId]/[token]/route": tokenWebhookRoute,
  },
  PORT,
  `webhook server on http://127.0.0.1:${PORT}`,
);
