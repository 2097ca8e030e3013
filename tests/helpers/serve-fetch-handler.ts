import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type TServedHandler = { origin: string; close(): Promise<void> };

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Serves a fetch-style handler (a Next route's GET/POST) over real HTTP on a free loopback port, so a
 * client under test goes through sockets, headers and serialisation as it would against Herald.
 */
export async function serveFetchHandler(handler: (request: Request) => Promise<Response>): Promise<TServedHandler> {
  let origin = "";
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      try {
        const headers = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
        }
        const hasBody = incoming.method !== "GET" && incoming.method !== "HEAD";
        const request = new Request(new URL(incoming.url ?? "/", origin), { method: incoming.method, headers, body: hasBody ? new Uint8Array(await readBody(incoming)) : undefined });
        const response = await handler(request);
        outgoing.writeHead(response.status, Object.fromEntries(response.headers));
        outgoing.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        // A handler that throws is a bug in the code under test: answer as a server would, and say why.
        outgoing.writeHead(500, { "content-type": "text/plain" }).end(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // fetch keeps connections alive, which would hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
