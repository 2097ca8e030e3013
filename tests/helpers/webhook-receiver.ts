import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type TRecordedCall = { path: string; headers: IncomingHttpHeaders; body: string };

export type TWebhookReceiver = { url: string; calls: TRecordedCall[]; close(): Promise<void> };

/** A stand-in for Herald's webhook route on 127.0.0.1: records each call and answers 200. */
export async function startWebhookReceiver(path = "/api/webhooks/test/acct-1"): Promise<TWebhookReceiver> {
  const calls: TRecordedCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      calls.push({ path: request.url ?? "/", headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
