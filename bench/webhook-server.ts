// bench:webhooks --server node: Herald's webhook route handlers (the modules Next serves at
// /api/webhooks/<provider>/<account>) from the sources, on a plain node:http server in a process of
// its own, served by the production server's request handling (scripts/app-server/serve-route.ts)
// without Next: the floor for what the production server can reach. Listens on PORT at 127.0.0.1;
// HERALD_BASE_URL must name it.
import pg from "pg";
import * as webhookRoute from "@/app/api/webhooks/[provider]/[accountId]/route";
import * as tokenWebhookRoute from "@/app/api/webhooks/[provider]/[accountId]/[token]/route";
import { serveRoutesWithoutNext } from "./route-server";

// Every statement this process sends passes through pg.Client#query (Prisma's adapter and the raw
// runners alike): counted, and printed on SIGUSR2 as "statements <n>" for the bench's per-callback figure.
let statements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
process.on("SIGUSR2", () => console.log(`statements ${statements}`));

const PORT = Number(process.env.PORT);
serveRoutesWithoutNext(
  {
    "/api/webhooks/[provider]/[accountId]/route": webhookRoute,
    "/api/webhooks/[provider]/[accountId]/[token]/route": tokenWebhookRoute,
  },
  PORT,
  `webhook server on http://127.0.0.1:${PORT}`,
);
