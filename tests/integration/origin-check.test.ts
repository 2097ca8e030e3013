import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { db } from "@/server/db";
import { env } from "@/server/env";
import { trustedOrigins } from "@/server/auth/trusted-origins";
import { makeApiKey, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { sessionCookie } from "../helpers/session-cookie";

let labId: string;
let cookie: string;
let apiKey: string;
const OWN_ORIGIN = () => trustedOrigins(env())[0]!;

/** A caller as the tRPC route builds it from an HTTP request's headers. */
const callerWith = async (headers: Record<string, string>) => createCaller(await createTRPCContext({ headers: new Headers(headers) }));
const settingsOf = () => db().lab.findUniqueOrThrow({ where: { id: labId }, select: { retentionDays: true } });

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  const admin = await makeUser({ labId, role: "LAB_ADMIN" });
  cookie = await sessionCookie(admin.user.email, admin.password);
  apiKey = (await makeApiKey(labId)).key;
});

describe("mutations with a session cookie", () => {
  it("are refused with FORBIDDEN from a foreign origin, naming the expected one, and change nothing", async () => {
    const before = await settingsOf();
    const caller = await callerWith({ cookie, origin: "https://evil.example" });
    await expectTRPCError(caller.labs.updateSettings({ labId, retentionDays: 11 }), "FORBIDDEN", `origin: expected ${OWN_ORIGIN()}, not https://evil.example`);
    expect(await settingsOf()).toEqual(before);
  });

  it("are refused with FORBIDDEN without an Origin header", async () => {
    const caller = await callerWith({ cookie });
    await expectTRPCError(caller.labs.updateSettings({ labId, retentionDays: 12 }), "FORBIDDEN", /^origin: a change made with a session cookie needs the Origin header/);
  });

  it("work from Herald's own origin", async () => {
    const caller = await callerWith({ cookie, origin: OWN_ORIGIN() });
    await caller.labs.updateSettings({ labId, retentionDays: 13 });
    expect(await settingsOf()).toEqual({ retentionDays: 13 });
  });
});

describe("what the origin check leaves alone", () => {
  it("queries with a session cookie, from any origin or none", async () => {
    expect((await (await callerWith({ cookie, origin: "https://evil.example" })).labs.get({ labId })).id).toBe(labId);
    expect((await (await callerWith({ cookie })).labs.get({ labId })).id).toBe(labId);
  });

  it("mutations with an API key, whatever the Origin", async () => {
    const caller = await callerWith({ authorization: `Bearer ${apiKey}`, origin: "https://elsewhere.example" });
    const contact = await caller.contacts.upsert({ labId, externalId: "origin-check-1" });
    expect(contact.externalId).toBe("origin-check-1");
    const withoutOrigin = await callerWith({ authorization: `Bearer ${apiKey}` });
    expect((await withoutOrigin.contacts.upsert({ labId, externalId: "origin-check-2" })).externalId).toBe("origin-check-2");
  });
});
