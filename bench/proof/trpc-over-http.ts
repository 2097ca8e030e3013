// One tRPC call as any HTTP client makes it (superjson's wire format), with its raw answer: the fuzz
// suite must see status codes and bodies as they are, not as a client library reshapes them.
import superjson from "superjson";

export type TRawAnswer = { status: number; body: string };

export async function callProcedure(origin: string, path: string, type: "query" | "mutation", input: unknown, headers: Record<string, string>): Promise<TRawAnswer> {
  const encoded = JSON.stringify(superjson.serialize(input));
  const url = type === "query" ? `${origin}/api/trpc/${path}?input=${encodeURIComponent(encoded)}` : `${origin}/api/trpc/${path}`;
  const response = await fetch(url, {
    method: type === "query" ? "GET" : "POST",
    headers: { ...headers, "content-type": "application/json" },
    ...(type === "mutation" && { body: encoded }),
  });
  return { status: response.status, body: await response.text() };
}

/** Every procedure of the router with its kind, read from tRPC's own definition. */
export function proceduresOf(router: { _def: { procedures: Record<string, unknown> } }): { path: string; type: "query" | "mutation" }[] {
  return Object.entries(router._def.procedures)
    .map(([path, procedure]) => ({ path, type: (procedure as { _def: { type: string } })._def.type }))
    .filter((p): p is { path: string; type: "query" | "mutation" } => p.type === "query" || p.type === "mutation")
    .sort((a, b) => a.path.localeCompare(b.path));
}
