// Herald's production server (`npm start`, the e2e server, bench:webhooks): the build in --dir (the
// working directory by default) served as create-app-server.ts describes, on -p PORT (or PORT, or
// 3000) and -H HOSTNAME (all interfaces when absent), as `next start` takes them.
//
//   node --import tsx scripts/app-server.ts [--dir <dir>] [-p <port>] [-H <hostname>]
//
// Signals as under `next start`: SIGTERM/SIGINT stop taking connections, finish the requests in
// flight and exit, unless NEXT_MANUAL_SIG_HANDLE leaves them to the app (the local executor drains
// its jobs first and then ends the process, serving requests meanwhile; scripts/start.ts sets it).
import path from "node:path";
import { parseArgs } from "node:util";
import { createAppServer } from "./app-server/create-app-server";

const { values } = parseArgs({
  options: { dir: { type: "string", default: "." }, port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" } },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`-p: expected a port number, got ${values.port ?? process.env.PORT}`);

async function main() {
  const started = performance.now();
  const app = await createAppServer({ dir: path.resolve(values.dir), hostname: values.hostname, port });
  app.server.once("error", (error) => {
    console.error("Herald: the server could not start:", error);
    process.exit(1);
  });
  app.server.listen(port, values.hostname, () => {
    const host = values.hostname ?? "localhost";
    console.log(`Herald: listening on http://${host.includes(":") ? `[${host}]` : host}:${port}; Ready in ${Math.round(performance.now() - started)}ms`);
  });
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      void app
        .close()
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    process.on("SIGINT", stop).on("SIGTERM", stop);
  }
}

main().catch((error: unknown) => {
  console.error("Herald: the server could not start:", error);
  process.exit(1);
});
