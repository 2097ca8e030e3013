import { env, publicBaseUrl, type TEnv } from "@/server/env";
import type { TAdapterContext } from "@/server/providers/types";
import { openWebhookToken } from "@/server/services/webhooks/webhook-token";

/**
 * Where a provider's API is reached: an explicit PROVIDER_BASE_URLS entry, else the simulator when
 * PROVIDER_SIMULATOR_URL is set, else null (the adapter's real host). Platform settings only: no lab
 * can point Herald at a host of its choosing.
 */
export function providerBaseUrl(provider: string, e: TEnv = env()): string | null {
  for (const pair of e.PROVIDER_BASE_URLS?.split(",") ?? []) {
    const [id, url] = pair.trim().split(/=(.*)/s);
    if (id === provider && url) return url.replace(/\/+$/, "");
  }
  return e.PROVIDER_SIMULATOR_URL ? `${e.PROVIDER_SIMULATOR_URL.replace(/\/+$/, "")}/${provider}` : null;
}

/**
 * The URL a provider calls (and signs) for one account's webhooks; with the account's path token for
 * providers that sign nothing (then the URL is a credential).
 */
export function accountWebhookUrl(provider: string, accountId: string, e: TEnv = env(), token: string | null = null): string {
  return `${publicBaseUrl(e)}/api/webhooks/${provider}/${accountId}${token ? `/${token}` : ""}`;
}

export type TAdapterContextOptions = {
  provider: string;
  accountId: string;
  /** The adapter's own timeout, when it has one. */
  timeoutMs?: number;
  /** Aborts in-flight calls on shutdown. */
  signal?: AbortSignal;
  /** The account's sealed webhook path token, for providers whose callbacks are token-addressed. */
  webhookTokenEnc?: string | null;
};

/** The context of one adapter call: its timeout (combined with shutdown), base URL and webhook URL. */
export function adapterContextFor({ provider, accountId, timeoutMs, signal, webhookTokenEnc }: TAdapterContextOptions, e: TEnv = env()): TAdapterContext {
  const timeout = AbortSignal.timeout(timeoutMs ?? e.PROVIDER_TIMEOUT_MS);
  const endpoints = endpointsOf(e);
  return {
    signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    baseUrl: endpoints.baseUrl(provider),
    webhookUrl: accountWebhookUrl(provider, accountId, e, openWebhookToken(webhookTokenEnc)),
    allowedHosts: endpoints.allowedHosts,
  };
}

/**
 * Runs one adapter call with its context, as adapterContextFor builds it, but with a timeout that ends
 * with the call: cleared when it settles instead of firing, with its abort reason, long after the
 * answer (AbortSignal.timeout cannot be cancelled), and without the weak references AbortSignal.any
 * keeps per call; the shutdown signal gets one listener however many calls follow it. At a thousand
 * calls a second those were work for nothing.
 */
export async function withAdapterContext<T>(options: TAdapterContextOptions, call: (context: TAdapterContext) => Promise<T>, e: TEnv = env()): Promise<T> {
  const controller = new AbortController();
  const timeoutMs = options.timeoutMs ?? e.PROVIDER_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(new DOMException("The operation was aborted due to timeout", "TimeoutError")), timeoutMs);
  const unfollow = options.signal ? follow(options.signal, controller) : null;
  const endpoints = endpointsOf(e);
  try {
    return await call({
      signal: controller.signal,
      baseUrl: endpoints.baseUrl(options.provider),
      webhookUrl: accountWebhookUrl(options.provider, options.accountId, e, openWebhookToken(options.webhookTokenEnc)),
      allowedHosts: endpoints.allowedHosts,
    });
  } finally {
    clearTimeout(timer);
    unfollow?.();
  }
}

type TEndpoints = { baseUrl(provider: string): string | null; allowedHosts: readonly string[] };

// Per environment (parsed once per process): the settings a provider call reads, parsed once, not per call.
const endpointsByEnv = new WeakMap<TEnv, TEndpoints>();

function endpointsOf(e: TEnv): TEndpoints {
  let endpoints = endpointsByEnv.get(e);
  if (!endpoints) {
    const baseUrls = new Map<string, string | null>();
    endpoints = {
      baseUrl(provider) {
        if (!baseUrls.has(provider)) baseUrls.set(provider, providerBaseUrl(provider, e));
        return baseUrls.get(provider)!;
      },
      allowedHosts: Object.freeze(genericAllowedHosts(e)),
    };
    endpointsByEnv.set(e, endpoints);
  }
  return endpoints;
}

// The calls under way per shutdown signal: one listener on it aborts them all, however many run at once.
const followers = new WeakMap<AbortSignal, Set<AbortController>>();

/** Aborts `controller` when `signal` aborts, until the returned function is called. */
function follow(signal: AbortSignal, controller: AbortController): () => void {
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => {};
  }
  const calls = followers.get(signal) ?? new Set<AbortController>();
  if (!followers.has(signal)) {
    followers.set(signal, calls);
    signal.addEventListener("abort", () => calls.forEach((call) => call.abort(signal.reason)), { once: true });
  }
  calls.add(controller);
  return () => void calls.delete(controller);
}

/** The hosts generic HTTP vendors may be called on (GENERIC_HTTP_ALLOWED_HOSTS). */
export function genericAllowedHosts(e: TEnv = env()): string[] {
  return (e.GENERIC_HTTP_ALLOWED_HOSTS ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
}
