// A route handler's second form, without the web Request and Response: what a server reading
// requests from node:http can call directly. Building a Request (its body stream, its AbortSignal,
// its Headers) and reading a Response back cost a provider callback about a third of its CPU on
// the production server; the handlers that answer thousands of short calls a second carry this form
// beside their Next one, and both run the same code. Next never sees it: it serves the web form.

/** The request headers, read by name (case-insensitive), as `Headers#get` reads them. */
export type THeaderReader = { get(name: string): string | null };

export type TRawRequest = {
  method: string;
  /** The path and query the client asked for, as sent (`/api/webhooks/twilio/acc?x=1`). */
  path: string;
  headers: THeaderReader;
  /** The exact body bytes. */
  body: Buffer;
  /** The route's dynamic segments, decoded, as Next hands them to the web form. */
  params: Record<string, string>;
};

export type TRawAnswer = { status: number; headers: Record<string, string>; body: string };

export type TRawRouteForm = (request: TRawRequest) => Promise<TRawAnswer>;

/**
 * Where a handler carries its raw form. A registered symbol: the production server is bundled
 * apart from the app, and finds the form on the very handler Next loaded.
 */
export const RAW_ROUTE_FORM = Symbol.for("herald.rawRouteForm");

/** `handler`, carrying `raw` as its raw form: the same answers for the same requests. */
export function withRawForm<T extends (...args: never[]) => unknown>(handler: T, raw: TRawRouteForm): T {
  return Object.defineProperty(handler, RAW_ROUTE_FORM, { value: raw, enumerable: false });
}

const utf8 = new TextDecoder();

/** The body as `Request#text()` reads it: UTF-8, a byte order mark dropped, bad sequences replaced. */
export function bodyText(body: Buffer): string {
  return utf8.decode(body);
}
