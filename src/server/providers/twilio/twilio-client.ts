import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import http from "node:http";
import https from "node:https";
import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import type TwilioResponse from "twilio/lib/http/response";
import type { TTwilioConfig } from "@/server/providers/twilio/twilio-config";
import { TwilioApiError, TwilioTransportError } from "@/server/providers/twilio/twilio-errors";
import type { TAdapterContext } from "@/server/providers/types";

type TTwilioClient = ReturnType<typeof twilio>;

// The signal of the adapter call under way: the SDK's methods take none, so it travels beside them.
const callSignal = new AsyncLocalStorage<AbortSignal>();

// Twilio's API hosts (api.twilio.com, or a regional api.<edge>.<region>.twilio.com).
const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com(?=\/|$)/i;

/**
 * The SDK's HTTP client (the `httpClient` option Twilio documents for custom transports): the SDK
 * still builds every request and reads every answer; this sends it. It goes to the platform's base
 * URL when there is one (the SDK has no such option), carries the call's abort signal, and turns
 * failures into errors that carry neither credentials nor the request. Plain node:http with a
 * keep-alive agent, not the SDK's default axios client: a send is one write and one read, and at
 * a thousand sends a second axios's per-request configuration merging was a third of the call's CPU.
 */
class HeraldRequestClient {
  private readonly agent: http.Agent;
  private readonly origin: string | null;

  constructor(baseUrl: string | null) {
    this.origin = baseUrl ? baseUrl.replace(/\/+$/, "") : null;
    const secure = this.origin ? this.origin.startsWith("https:") : true;
    this.agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  }

  async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const target = this.target(opts.uri);
    let path = target.path;
    if (opts.params) {
      const url = new URL(path, "http://h");
      for (const [name, value] of formEntries(opts.params)) url.searchParams.append(name, value);
      path = `${url.pathname}${url.search}`;
    }
    const headers: Record<string, string> = {};
    const given = opts.headers as Record<string, string> | undefined;
    if (given) for (const name in given) headers[name] = given[name]!;
    headers.Connection = "keep-alive";
    if (opts.username && opts.password) headers.Authorization = this.basicAuth(opts.username, opts.password);
    else if (opts.authStrategy) headers.Authorization = await opts.authStrategy.getAuthString();
    const body = opts.data === undefined || opts.data === null ? undefined : encodeBody(opts.data, headers["Content-Type"]);
    if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
    let response: TwilioResponse<TData>;
    try {
      response = await send<TData>(target, path, opts.method.toUpperCase(), headers, body, this.agent, opts.timeout ?? DEFAULT_TIMEOUT_MS, callSignal.getStore());
    } catch (error) {
      throw transportError(error);
    }
    if (response.statusCode >= 400) throw apiError(response.statusCode, response.body, response.headers);
    return response;
  }

  // The SDK names the same few resources over and over (an account's Messages.json for every send):
  // each is parsed once into where the request goes, not once per call.
  private readonly targets = new Map<string, TTarget>();

  private target(uri: string): TTarget {
    let target = this.targets.get(uri);
    if (!target) {
      const url = new URL(this.origin ? uri.replace(TWILIO_HOST, this.origin) : uri);
      target = { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ""), port: url.port, path: `${url.pathname}${url.search}` };
      // Lookups name one message each: the map is bounded, and starts again when full.
      if (this.targets.size >= MAX_TARGETS) this.targets.clear();
      this.targets.set(uri, target);
    }
    return target;
  }

  // A client serves one credential set: its header is encoded once, not on every call.
  private auth: { username: string; password: string; header: string } | null = null;

  private basicAuth(username: string, password: string): string {
    if (this.auth?.username !== username || this.auth.password !== password) {
      this.auth = { username, password, header: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
    }
    return this.auth.header;
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_TARGETS = 1_000;

/** Where a request goes, as node:http takes it. */
type TTarget = { protocol: string; hostname: string; port: string; path: string };

/** Form fields as the SDK's own client sends them: arrays repeat their name, undefined is left out. */
function formEntries(data: object): [string, string][] {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(data)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) entries.push([name, item instanceof Date ? item.toISOString() : String(item)]);
  }
  return entries;
}

function encodeBody(data: unknown, contentType: string | undefined): string {
  if (contentType === "application/json") return typeof data === "string" ? data : JSON.stringify(data);
  return new URLSearchParams(formEntries(data as object)).toString();
}

function send<TData>(
  target: TTarget,
  path: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  agent: http.Agent,
  timeoutMs: number,
  signal: AbortSignal | undefined,
) {
  return new Promise<TwilioResponse<TData>>((resolve, reject) => {
    if (signal?.aborted) return reject(Object.assign(new Error("the call was aborted"), { code: "ERR_CANCELED" }));
    const options: https.RequestOptions = { protocol: target.protocol, hostname: target.hostname, port: target.port || undefined, path, method, headers, agent, timeout: timeoutMs };
    if (signal) options.signal = signal;
    const request = (target.protocol === "https:" ? https.request : http.request)(options, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") as TData, headers: response.headers } as TwilioResponse<TData>));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
    request.on("error", (error: Error & { code?: string }) => reject(signal?.aborted ? Object.assign(new Error("the call was aborted"), { code: "ERR_CANCELED" }) : error));
    request.end(body);
  });
}

function transportError(error: unknown): TwilioTransportError {
  const { code, message, name } = (error ?? {}) as { code?: unknown; message?: unknown; name?: unknown };
  const errorCode = typeof code === "string" ? code : name === "CanceledError" ? "ERR_CANCELED" : "ERR_NETWORK";
  const reason = errorCode === "ERR_CANCELED" ? "the call was aborted (timeout or shutdown)" : typeof message === "string" ? message : "network error";
  return new TwilioTransportError(errorCode, `Twilio: no answer: ${reason}`);
}

function apiError(httpStatus: number, body: unknown, headers: unknown): TwilioApiError {
  const parsed = parseBody(body);
  const code = typeof parsed?.code === "number" ? parsed.code : null;
  const detail = typeof parsed?.message === "string" && parsed.message ? parsed.message : `HTTP ${httpStatus}`;
  return new TwilioApiError(httpStatus, code, `Twilio ${code ?? httpStatus}: ${detail}`, retryAfterMs(headers));
}

function parseBody(body: unknown): { code?: unknown; message?: unknown } | null {
  if (typeof body !== "string") return typeof body === "object" && body !== null ? body : null;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}

/** Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(headers: unknown, now = Date.now()): number | undefined {
  const raw = (headers as Record<string, unknown> | undefined)?.["retry-after"];
  const value = typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : "";
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

// One SDK client (and its connection pool) per credential set and base URL; a few labs' accounts at most.
const MAX_CLIENTS = 200;
const clients = new Map<string, TTwilioClient>();

/** The SDK client for an account: authenticated with its API key when it has one, else its auth token. */
export function twilioClient(config: TTwilioConfig, baseUrl: string | null): TTwilioClient {
  // A dispatch batch opens its account's config once and sends all its messages with that object.
  const known = lastClientOf.get(config);
  if (known && known.baseUrl === baseUrl) return known.client;
  const client = clientFor(config, baseUrl);
  lastClientOf.set(config, { baseUrl, client });
  return client;
}

const lastClientOf = new WeakMap<TTwilioConfig, { baseUrl: string | null; client: TTwilioClient }>();

function clientFor(config: TTwilioConfig, baseUrl: string | null): TTwilioClient {
  const [username, password] = config.apiKeySid && config.apiKeySecret ? [config.apiKeySid, config.apiKeySecret] : [config.accountSid, config.authToken];
  // Hashed so the map's keys are no copy of the credentials.
  const key = createHash("sha256").update(JSON.stringify([config.accountSid, username, password, baseUrl])).digest("base64url");
  const cached = clients.get(key);
  if (cached) {
    clients.delete(key);
    clients.set(key, cached);
    return cached;
  }
  // Edge, region and log level set explicitly so the SDK does not take them from the environment.
  const httpClient = new HeraldRequestClient(baseUrl) as unknown as RequestClient;
  const client = twilio(username, password, { accountSid: config.accountSid, httpClient, edge: "", region: "", logLevel: "", autoRetry: false });
  clients.set(key, client);
  if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
  return client;
}

/** Runs SDK calls with the context's abort signal on every HTTP request they make. */
export function withSignal<T>(context: TAdapterContext, call: () => Promise<T>): Promise<T> {
  return callSignal.run(context.signal, call);
}
