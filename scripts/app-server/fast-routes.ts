// The routes the production server answers without Next's per-request machinery: provider webhooks,
// tRPC and the public health probe, the machine-facing hot paths (a load balancer probes every few
// seconds per instance). Their handlers are the ones Next itself serves: the route
// modules of the production build, loaded through Next's own loader (`requirePage`, a plain `require`
// of the built file), so they are the very module instances Next holds, with one database pool,
// one set of caches and one executor in the process. Nothing here imports the app's sources: a
// second copy of a module would mean a second copy of its state.
import { createRequire } from "node:module";
import path from "node:path";
import type { TRawRouteForm } from "@/server/http/raw-route-form";

export type TRouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;

export type TFastRoute = {
  /** The app route's page, as in Next's manifests: /api/trpc/[trpc]/route. */
  page: string;
  segments: string[];
  /** The largest request body taken, in bytes: a larger one gets 413 before the handler runs. */
  maxBodyBytes: number;
  /** Next's route module for the page, the object it serves the route with. */
  routeModule: object;
  /** The route module's exports, the objects Next calls. */
  userland: Record<string, unknown>;
  /** Each HTTP method's handler as Next answers it: HEAD by GET, OPTIONS with Allow, the rest 405. */
  methods: Record<string, TRouteHandler>;
  /** The methods whose handler carries a raw form (src/server/http/raw-route-form.ts), and that form. */
  rawForms: Record<string, TRawRouteForm>;
};

export type TFastRouteMatch = { route: TFastRoute; params: Record<string, string> };

const MIB = 1024 * 1024;
// Providers' callbacks are small; SendGrid batches events up to 768 KB.
const WEBHOOK_MAX_BODY_BYTES = 2 * MIB;
// sendMany takes up to 1,000 items; Next's own cap on a request body it buffers (proxyClientMaxBodySize).
const TRPC_MAX_BODY_BYTES = 10 * MIB;

// The probe takes no body: a POST to it gets 405 once at most this much is read.
const HEALTH_MAX_BODY_BYTES = 64 * 1024;

const FAST_PAGES = [
  { page: "/api/health/route", maxBodyBytes: HEALTH_MAX_BODY_BYTES },
  { page: "/api/webhooks/[provider]/[accountId]/route", maxBodyBytes: WEBHOOK_MAX_BODY_BYTES },
  { page: "/api/webhooks/[provider]/[accountId]/[token]/route", maxBodyBytes: WEBHOOK_MAX_BODY_BYTES },
  { page: "/api/trpc/[trpc]/route", maxBodyBytes: TRPC_MAX_BODY_BYTES },
];

// The key the app's handlers carry their raw form under (RAW_ROUTE_FORM): a registered symbol, the
// same in this bundle and in Next's.
const RAW_ROUTE_FORM = Symbol.for("herald.rawRouteForm");

function rawFormsOf(userland: Record<string, unknown>): Record<string, TRawRouteForm> {
  const forms: Record<string, TRawRouteForm> = {};
  for (const [method, handler] of Object.entries(userland)) {
    const raw = typeof handler === "function" ? (handler as unknown as Record<symbol, unknown>)[RAW_ROUTE_FORM] : undefined;
    if (typeof raw === "function") forms[method] = raw as TRawRouteForm;
  }
  return forms;
}

// Next loads a route's code on its first request (ensureUserland); loaded here at start-up instead, once.
type TRouteModule = { routeModule?: { userland: Record<string, unknown>; ensureUserland?: () => Promise<void> } };

type TAutoImplementMethods = (userland: Record<string, unknown>) => Record<string, TRouteHandler>;

type TAppRouterHeaders = Record<"RSC_HEADER" | "NEXT_ROUTER_STATE_TREE_HEADER" | "NEXT_ROUTER_PREFETCH_HEADER" | "NEXT_ROUTER_SEGMENT_PREFETCH_HEADER", string>;

function nextHelpers(dir: string) {
  const fromApp = createRequire(path.join(dir, "package.json"));
  const headers = fromApp("next/dist/client/components/app-router-headers") as TAppRouterHeaders;
  return {
    // The Vary Next gives every app route's answer (base-server's setVaryHeader; Herald has no interception routes).
    vary: [headers.RSC_HEADER, headers.NEXT_ROUTER_STATE_TREE_HEADER, headers.NEXT_ROUTER_PREFETCH_HEADER, headers.NEXT_ROUTER_SEGMENT_PREFETCH_HEADER].join(", "),
    requirePage: (fromApp("next/dist/server/require") as { requirePage(page: string, distDir: string, isAppPath: boolean): Promise<TRouteModule> }).requirePage,
    autoImplementMethods: (fromApp("next/dist/server/route-modules/app-route/helpers/auto-implement-methods") as { autoImplementMethods: TAutoImplementMethods }).autoImplementMethods,
  };
}

/** The Vary header Next starts every app route's answer with. */
export function nextVaryHeader(dir = process.cwd()): string {
  return nextHelpers(dir).vary;
}

/** The fast routes of the production build in `dir`, loaded as Next loads them (call after `prepare`). */
export async function loadFastRoutes(dir: string): Promise<TFastRoute[]> {
  const { requirePage, autoImplementMethods } = nextHelpers(dir);
  const distDir = path.join(dir, ".next");
  return Promise.all(
    FAST_PAGES.map(async ({ page, maxBodyBytes }) => {
      const { routeModule } = await requirePage(page, distDir, true);
      if (!routeModule) throw new Error(`${page}: the build holds no route module`);
      await routeModule.ensureUserland?.();
      const userland = routeModule.userland;
      return { page, segments: page.split("/").slice(1, -1), maxBodyBytes, routeModule, userland, methods: autoImplementMethods(userland), rawForms: rawFormsOf(userland) };
    }),
  );
}

/**
 * The fast routes over route modules imported from the sources, for servers without Next (the
 * benches' and proof suites' node:http servers): the same request handling, not the same instances.
 */
export function fastRoutesFromSources(userlandOf: Record<string, Record<string, unknown>>, dir = process.cwd()): TFastRoute[] {
  const { autoImplementMethods } = nextHelpers(dir);
  return FAST_PAGES.filter(({ page }) => userlandOf[page]).map(({ page, maxBodyBytes }) => {
    const userland = userlandOf[page]!;
    return { page, segments: page.split("/").slice(1, -1), maxBodyBytes, routeModule: userland, userland, methods: autoImplementMethods(userland), rawForms: rawFormsOf(userland) };
  });
}

/**
 * The route and its params for a request path, or null when Next should answer it: other paths, and
 * the odd ones Next redirects or rejects itself (a trailing or repeated slash, undecodable escapes).
 */
export function matchFastRoute(routes: TFastRoute[], pathname: string): TFastRouteMatch | null {
  if (!pathname.startsWith("/api/")) return null;
  const parts = pathname.split("/").slice(1);
  for (const route of routes) {
    if (parts.length !== route.segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < parts.length && matched; i++) {
      const segment = route.segments[i]!;
      const part = parts[i]!;
      if (segment.startsWith("[")) {
        if (part === "") return null;
        try {
          params[segment.slice(1, -1)] = decodeURIComponent(part);
        } catch {
          return null;
        }
      } else {
        matched = part === segment;
      }
    }
    if (matched) return { route, params };
  }
  return null;
}
