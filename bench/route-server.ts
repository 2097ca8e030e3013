// The benches' and proof suites' node:http servers for Herald's API routes without Next: the route
// handlers imported from the sources, served by the production server's own request handling
// (scripts/app-server/serve-route.ts), so they answer as `npm start` does. Listens on `port` at
// 127.0.0.1, says `readyLine` once it does, and stops on SIGTERM.
import { createServer } from "node:http";
import { fastRoutesFromSources, matchFastRoute, nextVaryHeader } from "../scripts/app-server/fast-routes";
import { serveRoute } from "../scripts/app-server/serve-route";

export function serveRoutesWithoutNext(userlandOf: Parameters<typeof fastRoutesFromSources>[0], port: number, readyLine: string): void {
  const routes = fastRoutesFromSources(userlandOf);
  const options = { hostname: "127.0.0.1", port, vary: nextVaryHeader() };
  const server = createServer((req, res) => {
    const match = matchFastRoute(routes, new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    if (!match || !match.route.methods[req.method ?? ""]) {
      res.writeHead(404).end();
      return;
    }
    serveRoute(req, res, match, options).catch((error: unknown) => {
      // What a fuzzer must never see: the suites count every 5xx.
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.listen(port, "127.0.0.1", () => console.log(readyLine));
  process.once("SIGTERM", () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
