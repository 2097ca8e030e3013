// Herald's production HTTP server: one node:http server and one Next.js app in one process (Next's
// documented custom-server mode). Provider webhooks and tRPC go straight to their route handlers,
// the very modules Next loaded (fast-routes.ts); everything else (pages, assets, auth, exports) to
// Next's own request handler. Next's per-request work (routing, request and response conversion,
// tracing) cost about 1 ms of the main thread per API call, a third of a webhook's whole cost.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import type { Duplex } from "node:stream";
import { loadFastRoutes, matchFastRoute, nextVaryHeader, type TFastRoute } from "./fast-routes";
import { serveRoute } from "./serve-route";

type TNextRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type TNextApp = {
  prepare(): Promise<void>;
  close(): Promise<void>;
  getRequestHandler(): TNextRequestHandler;
  getUpgradeHandler(): (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void>;
};

/** `hostname` as `next start -H`: the interface to listen on (all when absent). */
export type TAppServerOptions = { dir: string; hostname?: string; port: number };

export type TAppServer = {
  server: Server;
  /** Next's own handler, for everything the fast routes leave to it. */
  nextHandler: TNextRequestHandler;
  fastRoutes: TFastRoute[];
  /** Stops taking connections, lets the requests in flight finish, then closes Next. */
  close(): Promise<void>;
};

/**
 * Prepares Next for the production build in `dir` (which runs instrumentation.ts: the local executor
 * starts there, once) and returns the server, not yet listening. `port` is the one it will listen
 * on: route handlers see it in their request URL, as under `next start`.
 */
export async function createAppServer({ dir, hostname, port }: TAppServerOptions): Promise<TAppServer> {
  Object.assign(process.env, { NODE_ENV: "production" });
  const next = createRequire(path.join(dir, "package.json"))("next") as (options: Record<string, unknown>) => TNextApp;
  const app = next({ dev: false, dir, hostname, port });
  await app.prepare();
  const nextHandler = app.getRequestHandler();
  const fastRoutes = await loadFastRoutes(dir);
  // Next builds a route's request URL from the server's own host and port, never the Host header.
  const options = { hostname: hostname ?? "localhost", port, vary: nextVaryHeader(dir) };

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const match = matchFastRoute(fastRoutes, query === -1 ? url : url.slice(0, query));
    const served = match && match.route.methods[req.method ?? ""] ? serveRoute(req, res, match, options) : nextHandler(req, res);
    served.catch((error: unknown) => {
      // What Next's own server does when its handler throws.
      console.error(error);
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
      else if (!res.writableEnded) res.end();
    });
  });
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(req, socket, head).catch((error: unknown) => {
      socket.destroy();
      console.error(error);
    });
  });
  return {
    server,
    nextHandler,
    fastRoutes,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close();
    },
  };
}
