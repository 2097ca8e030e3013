// Serves one request with a route handler Next built, as Next's route handling would: the same
// request the handler sees (URL from the server's own host and port, x-forwarded-* filled in when
// absent, the exact body bytes, an abort signal when the client goes), and the same response on the
// wire (status, headers, a streamed body, none for HEAD; a thrown handler gives an empty 500 and
// one log line). What Next adds around it (tracing spans, async-local request stores, its URL
// normalisation and caches) the fast routes' handlers never read. A handler that carries a raw form
// (src/server/http/raw-route-form.ts: the provider webhooks) is called with the bytes and headers
// as read, and its answer written as it is: no web Request or Response is built at all.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { THeaderReader, TRawRouteForm } from "@/server/http/raw-route-form";
import type { TFastRouteMatch } from "./fast-routes";

/** `vary`: what Next's answers carry before the handler's own Vary (nextVaryHeader). */
export type TServeOptions = { hostname: string; port: number; vary: string };

const TOO_LARGE = Symbol("too large");
const CLIENT_GONE = Symbol("client gone");
// Headers that frame the body: node writes its own (Next drops these too).
const FRAMING_HEADERS = new Set(["content-length", "content-encoding", "transfer-encoding"]);
// Headers Next lets a response carry several times; for the rest the first value stands.
const REPEATABLE_HEADERS = new Set(["set-cookie", "www-authenticate", "proxy-authenticate", "vary"]);

function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | typeof TOO_LARGE | typeof CLIENT_GONE> {
  const declared = Number(req.headers["content-length"]);
  if (declared > maxBytes) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off("data", onData);
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req
      .on("data", onData)
      .once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)))
      // A client that hangs up mid-body: nothing to answer (resolving after `end` changes nothing).
      .once("error", () => resolve(CLIENT_GONE))
      .once("close", () => resolve(CLIENT_GONE));
  });
}

/** Next's defaults for the x-forwarded-* headers (base-server), written into the request as it does. */
function fillForwardedHeaders(req: IncomingMessage, { hostname, port }: TServeOptions): boolean {
  const forwardedProto = req.headers["x-forwarded-proto"];
  const https = typeof forwardedProto === "string" ? forwardedProto === "https" : "encrypted" in req.socket && Boolean(req.socket.encrypted);
  req.headers["x-forwarded-host"] ??= req.headers.host ?? hostname;
  req.headers["x-forwarded-port"] ??= String(port);
  req.headers["x-forwarded-proto"] ??= https ? "https" : "http";
  req.headers["x-forwarded-for"] ??= req.socket.remoteAddress;
  return https;
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.append(name, value);
  }
  return headers;
}

function writeHead(res: ServerResponse, response: Response, vary: string): void {
  res.appendHeader("vary", vary);
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  response.headers.forEach((value, name) => {
    if (FRAMING_HEADERS.has(name)) return;
    if (name === "set-cookie") return;
    if (REPEATABLE_HEADERS.has(name) || res.getHeader(name) === undefined) res.appendHeader(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) res.appendHeader("set-cookie", cookie);
}

/** Writes the body as it comes (a streamed tRPC batch included), waiting whenever the socket is full. */
async function writeBody(req: IncomingMessage, res: ServerResponse, body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body || req.method === "HEAD") {
    await body?.cancel();
    res.end();
    return;
  }
  const reader = body.getReader();
  const gone = () => void reader.cancel().catch(() => {});
  res.once("close", gone);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve).once("close", resolve));
      if (res.destroyed) return;
    }
    res.end();
  } finally {
    res.off("close", gone);
  }
}

/** A handler that threw, as Next answers it: the error in the server's log, never in the answer. */
function answerFailure(res: ServerResponse, error: unknown, vary: string): void {
  console.error(error);
  if (!res.headersSent) res.writeHead(500, { vary }).end();
  else if (!res.writableEnded) res.end();
}

/** node's headers read as `Headers#get` reads a request's: by lower-case name, repeats joined with ", ". */
function headerReader(headers: IncomingHttpHeaders): THeaderReader {
  return {
    get(name) {
      const value = headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** A handler's raw form: the same answer as its web form, without building a Request or reading a Response. */
async function serveRaw(res: ServerResponse, raw: TRawRouteForm, request: Parameters<TRawRouteForm>[0], vary: string): Promise<void> {
  const answer = await raw(request);
  res.appendHeader("vary", vary);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) if (!FRAMING_HEADERS.has(name)) res.appendHeader(name, value);
  res.end(answer.body);
}

export async function serveRoute(req: IncomingMessage, res: ServerResponse, { route, params }: TFastRouteMatch, options: TServeOptions): Promise<void> {
  const method = req.method!;
  const handler = route.methods[method]!;
  const raw = route.rawForms[method];
  const https = fillForwardedHeaders(req, options);
  const hasBody = method !== "GET" && method !== "HEAD";
  const body = hasBody ? await readBody(req, route.maxBodyBytes) : undefined;
  if (body === CLIENT_GONE) {
    res.destroy();
    return;
  }
  if (body === TOO_LARGE) {
    // The rest of the body is not read: the connection cannot carry another request.
    res.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" }).end("Request body too large");
    return;
  }
  if (raw) {
    await serveRaw(res, raw, { method, path: req.url!, headers: headerReader(req.headers), body: body ?? Buffer.alloc(0), params }, options.vary).catch((error: unknown) => answerFailure(res, error, options.vary));
    return;
  }
  const host = options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname;
  const aborted = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) aborted.abort();
  };
  res.once("close", onClose);
  const request = new Request(`${https ? "https" : "http"}://${host}:${options.port}${req.url}`, {
    method,
    headers: toHeaders(req),
    // A socket's buffers are never shared memory.
    body: body as Uint8Array<ArrayBuffer> | undefined,
    signal: aborted.signal,
  });
  try {
    const response = await handler(request, { params: Promise.resolve(params) });
    writeHead(res, response, options.vary);
    await writeBody(req, res, response.body);
  } catch (error) {
    answerFailure(res, error, options.vary);
  } finally {
    res.off("close", onClose);
  }
}
