// Who the fuzz suite calls as, and the other lab whose data no answer may show: a lab with a contact,
// a message and an API key of its own, its text marked so a leak is found in any answer.
import { randomBytes } from "node:crypto";
import type { TWorld } from "./proof-world";

export type TFuzzCaller = { name: string; headers: Record<string, string>; /** Whether the caller is someone (a valid key or session). */ valid: boolean };

export type TOtherLab = { labId: string; ids: string[]; markers: string[] };

async function signIn(origin: string, email: string, password: string): Promise<string> {
  const { auth } = await import("@/server/auth/auth");
  const response = await auth().api.signInEmail({ body: { email, password }, headers: new Headers({ origin }), asResponse: true });
  if (!response.ok) throw new Error(`sign-in of ${email} failed with ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";", 1)[0]!)
    .join("; ");
}

/** A lab admin's session on the world's lab, a valid key, and the callers that must be refused. */
export async function fuzzCallers(world: TWorld): Promise<TFuzzCaller[]> {
  const { db } = await import("@/server/db");
  const { createUserWithPassword } = await import("@/server/services/users/create-user");
  const suffix = randomBytes(4).toString("hex");
  const password = `fuzz-${randomBytes(12).toString("hex")}`;
  const user = await createUserWithPassword(db(), { email: `fuzz-${suffix}@example.test`, name: `Fuzz ${suffix}`, password });
  await db().membership.create({ data: { userId: user.id, labId: world.labId, role: "LAB_ADMIN" } });
  const cookie = await signIn(world.origin, user.email, password);
  const forged = cookie.replace(/=([^;]*)/, (_, value: string) => `=${[...value].reverse().join("")}`);
  return [
    { name: "api key", headers: { authorization: `Bearer ${world.apiKey}` }, valid: true },
    { name: "session", headers: { cookie, origin: world.origin }, valid: true },
    { name: "session from another site", headers: { cookie, origin: "https://evil.example" }, valid: false },
    { name: "forged session", headers: { cookie: forged, origin: world.origin }, valid: false },
    { name: "invalid api key", headers: { authorization: `Bearer hk_${randomBytes(24).toString("base64url")}` }, valid: false },
    { name: "revoked-looking key", headers: { authorization: `Bearer ${world.apiKey.slice(0, -2)}xx` }, valid: false },
    { name: "nobody", headers: {}, valid: false },
  ];
}

/** Another organization's lab with data the world's callers must never see. */
export async function otherLab(): Promise<TOtherLab> {
  const { db } = await import("@/server/db");
  const { createOrganization } = await import("@/server/services/organizations/create-organization");
  const { createLab } = await import("@/server/services/labs/create-lab");
  const { createApiKey } = await import("@/server/services/api-keys/create-api-key");
  const mark = `Leak${randomBytes(6).toString("hex")}`;
  const organization = await createOrganization({ db: db(), principal: null, name: `${mark} org`, slug: mark.toLowerCase() });
  const lab = await createLab({ db: db(), principal: null, organizationId: organization.id, name: `${mark} lab`, slug: `${mark.toLowerCase()}-lab` });
  const contact = await db().contact.create({ data: { labId: lab.id, externalId: `${mark}-patient`, name: `${mark} Patient`, email: `${mark.toLowerCase()}@example.test`, phone: "+966501239875" } });
  const message = await db().message.create({
    data: { labId: lab.id, contactId: contact.id, channel: "SMS", triggerKey: "REPORT_READY", category: "results", status: "DELIVERED", to: "+966501239875", body: `${mark} your report is ready` },
  });
  const { apiKey } = await createApiKey({ db: db(), principal: null, labId: lab.id, name: `${mark} key`, scope: "lab" });
  return { labId: lab.id, ids: [lab.id, organization.id, contact.id, message.id, apiKey.id], markers: [mark, mark.toLowerCase(), "+966501239875"] };
}
