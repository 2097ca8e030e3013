// bench:webhooks --server node: Herald's webhook route handler (the module Next serves at
// /api/webhooks/<provider>/<account>) on a plain node:http server in a process of its own, for when
// there is no production build to run. Listens on PORT at 127.0.0.1; HERALD_BASE_URL must name it.
import { createServer, type IncomingMessage } from "node:http";
import pg from "pg";
import { POST } from "@/app/api/webhooks/[provider]/[accountId]/route";

// Every statement this process sends passes through pg.Client#query (Prisma's adapter and the raw
// runners alike): counted, and printed on SIGUSR2 as "statements <n>" for the bench's per-callback figure.
let statements = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
process.on("SIGUSR2", () => console.log(`statements ${statements}`));

const ROUTE = /^\/api\/webhooks\/([^/]+)\/([^/?]+)/;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks).toString("utf8"))).on("error", reject);
  });
}

const server = createServer((req, res) => {
  void (async () => {
    const match = ROUTE.exec(req.url ?? "");
    if (!match || req.method !== "POST") {
      res.writeHead(404).end();
      return;
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: "POST", headers, body: await readBody(req) });
    const response = await POST(request, { params: Promise.resolve({ provider: match[1]!, accountId: match[2]! }) });
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
  })().catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`webhook server on http://127.0.0.1:${process.env.PORT}`));
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
