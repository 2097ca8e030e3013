// An HTTP server on 127.0.0.1 that reads each request and answers 200 at once: the status callbacks'
// destination when the pipeline bench measures sending alone (see simulator-process.ts).
import { createServer } from "node:http";

let answered = 0;
const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    answered += 1;
    response.writeHead(200, { "content-type": "text/plain" }).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object") console.log(`sink on http://127.0.0.1:${address.port}`);
});
process.once("SIGTERM", () => {
  console.error(`callback sink: answered ${answered} requests`);
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
