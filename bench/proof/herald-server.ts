// Herald's HTTP surface (tRPC at /api/trpc, provider webhooks at /api/webhooks) on node:http in a
// process of its own, as the proof suites kill and restart it; with --executor it also runs the local
// executor as the app's start-up hook does (instrumentation.ts). Listens on PORT at 127.0.0.1;
// HERALD_BASE_URL must name it (providers sign callbacks to that URL).
import { createServer, type IncomingMessage } from "node:http";
import { parseArgs } from "node:util";
import { POST as trpcPost, GET as trpcGet } from "@/app/api/trpc/[trpc]/route";
import { GET as webhookGet, POST as webhookPost } from "@/app/api/webhooks/[provider]/[accountId]/route";
import { POST as tokenWebhookPost } from "@/app/api/webhooks/[provider]/[accountId]/[token]/route";
import { installJobPorts } from "@/server/jobs/install-job-ports";
import { startProcessExecutor } from "@/server/jobs/local/start-process-executor";

const { values } = parseArgs({ options: { executor: { type: "boolean", default: false } } });
const WEBHOOK = /^\/api\/webhooks\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk)).on("end", () => resolve(Buffer.concat(chunks))).on("error", reject);
  });
}

async function route(request: Request, path: string): Promise<Response> {
  const webhook = WEBHOOK.exec(path);
  if (webhook) {
    const [, provider = "", accountId = "", token] = webhook;
    if (request.method === "POST") return token ? tokenWebhookPost(request, { params: Promise.resolve({ provider, accountId, token }) }) : webhookPost(request, { params: Promise.resolve({ provider, accountId }) });
    if (request.method === "GET" && !token) return webhookGet(request, { params: Promise.resolve({ provider, accountId }) });
    return new Response(null, { status: 405 });
  }
  if (path.startsWith("/api/trpc/")) return request.method === "GET" ? trpcGet(request) : trpcPost(request);
  return new Response(null, { status: 404 });
}

installJobPorts();
if (values.executor) startProcessExecutor();

const server = createServer((req, res) => {
  void (async () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: hasBody ? new Uint8Array(await readBody(req)) : undefined });
    const response = await route(request, new URL(request.url).pathname);
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
  })().catch((error: unknown) => {
    // What a fuzzer must never see: the suites count every 5xx.
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`herald server on http://127.0.0.1:${process.env.PORT}`));
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
