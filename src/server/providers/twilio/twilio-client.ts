import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
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
 * The SDK's HTTP client, made to honour the adapter's context: it sends to the platform's base URL
 * when there is one (the SDK has no such option), gives axios the call's abort signal, and turns
 * failures into errors that carry neither credentials nor the request.
 */
class HeraldRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string | null) {
    super({ autoRetry: false });
    this.axios.interceptors.request.use((config) => {
      const signal = callSignal.getStore();
      if (signal) config.signal = signal;
      return config;
    });
  }

  override async request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<TwilioResponse<TData>> {
    const uri = this.baseUrl ? opts.uri.replace(TWILIO_HOST, this.baseUrl.replace(/\/+$/, "")) : opts.uri;
    let response: TwilioResponse<TData>;
    try {
      response = await super.request<TData>({ ...opts, uri });
    } catch (error) {
      throw transportError(error);
    }
    if (response.statusCode >= 400) throw apiError(response.statusCode, response.body, response.headers);
    return response;
  }
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
  const client = twilio(username, password, { accountSid: config.accountSid, httpClient: new HeraldRequestClient(baseUrl), edge: "", region: "", logLevel: "", autoRetry: false });
  clients.set(key, client);
  if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
  return client;
}

/** Runs SDK calls with the context's abort signal on every HTTP request they make. */
export function withSignal<T>(context: TAdapterContext, call: () => Promise<T>): Promise<T> {
  return callSignal.run(context.signal, call);
}
