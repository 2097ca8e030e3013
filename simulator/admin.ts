// The simulator's own API, for tests, benchmarks and people: faults, accounts, the ledger, inbound messages.
import { z } from "zod";
import { ZFaultRule } from "./faults";
import { ZScenario, ZSimAccount } from "./scenario";
import type { TSimulator } from "./server";
import type { TSimResponse } from "./types";

const ZInbound = z.strictObject({ provider: z.string().min(1), account: z.string().min(1), from: z.string().min(1), to: z.string().min(1), body: z.string() });

type TAdminRequest = { method: string; url: URL; rawBody: string };

type TParsed<T> = { ok: true; value: T } | { ok: false; response: TSimResponse };

function parse<T>(schema: z.ZodType<T>, rawBody: string): TParsed<T> {
  let json: unknown;
  try {
    json = rawBody ? JSON.parse(rawBody) : {};
  } catch {
    return { ok: false, response: { status: 400, body: { error: "expected a JSON body" } } };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, response: { status: 400, body: { error: z.prettifyError(parsed.error) } } };
}

export async function handleAdmin({ method, url, rawBody }: TAdminRequest, sim: TSimulator): Promise<TSimResponse> {
  const route = `${method} ${url.pathname.replace(/^\/__admin/, "")}`;
  const q = url.searchParams;
  switch (true) {
    case route === "GET /health":
      return { status: 200, body: { ok: true, providers: [...sim.providers.keys()] } };
    case route === "GET /ledger":
      return {
        status: 200,
        body: sim.ledger.query({
          provider: q.get("provider") ?? undefined,
          operation: q.get("operation") ?? undefined,
          heraldMessageId: q.get("messageId") ?? undefined,
          after: q.has("after") ? Number(q.get("after")) : undefined,
        }),
      };
    case route === "GET /ledger/stats":
      return { status: 200, body: { ...sim.ledger.stats(), duplicates: Object.fromEntries(sim.ledger.duplicates()) } };
    case route.startsWith("GET /sends/"):
      return { status: 200, body: { accepted: sim.ledger.acceptedSends(decodeURIComponent(route.slice("GET /sends/".length))) } };
    case route === "GET /faults":
      return { status: 200, body: sim.faults.list() };
    case route === "POST /faults": {
      const rules = parse(z.union([ZFaultRule, z.array(ZFaultRule)]), rawBody);
      if (!rules.ok) return rules.response;
      return { status: 201, body: { ids: sim.faults.add(Array.isArray(rules.value) ? rules.value : [rules.value]) } };
    }
    case route === "DELETE /faults":
      sim.faults.clear();
      return { status: 204 };
    case route.startsWith("DELETE /faults/"):
      sim.faults.remove(Number(route.slice("DELETE /faults/".length)));
      return { status: 204 };
    case route === "POST /scenario": {
      const scenario = parse(ZScenario, rawBody);
      if (!scenario.ok) return scenario.response;
      sim.applyScenario(scenario.value);
      return { status: 204 };
    }
    case route === "GET /accounts":
      // Secrets stay here: only which accounts exist.
      return { status: 200, body: sim.accounts.list(q.get("provider") ?? undefined).map(({ provider, id, webhookUrl }) => ({ provider, id, webhookUrl })) };
    case route === "POST /accounts": {
      const account = parse(ZSimAccount, rawBody);
      if (!account.ok) return account.response;
      sim.accounts.register(account.value);
      return { status: 204 };
    }
    case route === "POST /inbound": {
      const inbound = parse(ZInbound, rawBody);
      if (!inbound.ok) return inbound.response;
      const provider = sim.providers.get(inbound.value.provider);
      if (!provider?.inbound) return { status: 400, body: { error: `provider "${inbound.value.provider}" takes no inbound messages here` } };
      await provider.inbound(inbound.value, sim);
      return { status: 202 };
    }
    case route === "GET /callbacks":
      return { status: 200, body: sim.callbacks.deliveries.filter((d) => !q.has("messageId") || d.heraldMessageId === q.get("messageId")) };
    case route === "POST /callbacks/idle":
      await sim.callbacks.idle();
      return { status: 204 };
    case route === "POST /reset":
      sim.ledger.clear();
      sim.faults.clear();
      sim.callbacks.deliveries.length = 0;
      if (q.get("accounts") === "1") sim.accounts.clear();
      return { status: 204 };
    default:
      return { status: 404, body: { error: `no admin route ${route}` } };
  }
}
