import type { Db } from "@/server/db";

export type TActor = { type: string; id: string | null; name: string | null; email: string | null };

/**
 * Audit entries keep only the actor's kind and id; a reader wants a name. Staff are named by their
 * user record, API keys by the name given at creation (never the key), the system by nothing.
 */
export async function describeActors(db: Db, entries: readonly { actorType: string; actorId: string | null }[]): Promise<(id: { actorType: string; actorId: string | null }) => TActor> {
  const idsOf = (type: string) => [...new Set(entries.filter((e) => e.actorType === type && e.actorId).map((e) => e.actorId!))];
  const [users, keys] = await Promise.all([
    db.user.findMany({ where: { id: { in: idsOf("user") } }, select: { id: true, name: true, email: true } }),
    db.apiKey.findMany({ where: { id: { in: idsOf("apiKey") } }, select: { id: true, name: true } }),
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const keyById = new Map(keys.map((k) => [k.id, k]));
  return ({ actorType, actorId }) => {
    const user = actorType === "user" && actorId ? userById.get(actorId) : undefined;
    const key = actorType === "apiKey" && actorId ? keyById.get(actorId) : undefined;
    return { type: actorType, id: actorId, name: user?.name ?? key?.name ?? null, email: user?.email ?? null };
  };
}
