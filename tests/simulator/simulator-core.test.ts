import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Faults } from "../../simulator/faults";
import { startSimulator, type TSimulator } from "../../simulator/server";

describe("provider simulator core", () => {
  let sim: TSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  const admin = (path: string, init?: RequestInit) => fetch(`${sim.origin}/__admin${path}`, init);

  it("answers its health and refuses unknown providers and admin routes", async () => {
    expect(await (await admin("/health")).json()).toMatchObject({ ok: true });
    expect((await fetch(`${sim.origin}/nowhere/x`)).status).toBe(404);
    expect((await admin("/nothing")).status).toBe(404);
  });

  it("validates fault rules and accounts, naming the bad field", async () => {
    const bad = await admin("/faults", { method: "POST", body: JSON.stringify({ provider: "twilio", errors: [{ rate: 2, status: 500 }] }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/errors.*rate|rate from 0 to 1/s);
    const account = await admin("/accounts", { method: "POST", body: JSON.stringify({ provider: "twilio", id: "AC1", webhookUrl: "not a url" }) });
    expect(account.status).toBe(400);
    const ok = await admin("/faults", { method: "POST", body: JSON.stringify([{ provider: "twilio", down: true }]) });
    expect(ok.status).toBe(201);
    expect(sim.faults.list()).toHaveLength(1);
    expect((await admin("/faults", { method: "DELETE" })).status).toBe(204);
    expect(sim.faults.list()).toHaveLength(0);
  });
});

describe("fault decisions", () => {
  it("applies a rule to its first n matching requests only, most recent rule first", () => {
    const faults = new Faults(1);
    faults.add([{ provider: "twilio", operation: "send", times: 2, errors: [{ rate: 1, status: 500 }] }]);
    faults.add([{ provider: "twilio", account: "AC2", down: true }]);
    expect(faults.decide("twilio", "AC1", "status").action.kind).toBe("none");
    expect(faults.decide("twilio", "AC2", "send").action.kind).toBe("down");
    expect(faults.decide("twilio", "AC1", "send").action).toMatchObject({ kind: "error", status: 500 });
    expect(faults.decide("twilio", "AC1", "send").action).toMatchObject({ kind: "error", status: 500 });
    expect(faults.decide("twilio", "AC1", "send").action.kind).toBe("none");
    expect(faults.decide("resend", "AC1", "send").action.kind).toBe("none");
  });

  it("hits a rate close to the one asked for, and replays it with the same seed", () => {
    const run = () => {
      const faults = new Faults(42);
      faults.add([{ provider: "*", errors: [{ rate: 0.3, status: 503 }] }]);
      return Array.from({ length: 2_000 }, () => faults.decide("resend", null, "send").action.kind);
    };
    const first = run();
    const share = first.filter((k) => k === "error").length / first.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.35);
    expect(run()).toEqual(first);
  });

  it("shapes callbacks per account", () => {
    const faults = new Faults(7);
    faults.add([{ provider: "twilio", account: "AC9", callbacks: { outOfOrder: true, duplicateRate: 1, delayMs: { min: 5, max: 5 } } }]);
    expect(faults.callbackPlan("twilio", "AC9")).toEqual({ delayMs: { min: 5, max: 5 }, duplicateRate: 1, outOfOrder: true, dropRate: 0 });
    expect(faults.callbackPlan("twilio", "AC1")).toMatchObject({ duplicateRate: 0, outOfOrder: false });
  });
});

describe("address conventions", () => {
  it("choose an outcome from a number's last four digits or an email's local part", async () => {
    const { outcomeFor } = await import("../../simulator/outcomes");
    expect(outcomeFor("+966500000000")).toBe("invalid_address");
    expect(outcomeFor("whatsapp:+966500000001")).toBe("unsubscribed");
    expect(outcomeFor("+966500004444")).toBe("undeliverable");
    expect(outcomeFor("Bounce+tag@Example.com")).toBe("undeliverable");
    expect(outcomeFor("complaint@example.com")).toBe("complaint");
    expect(outcomeFor("sara@example.com")).toBe("deliver");
    expect(outcomeFor("+966501234567")).toBe("deliver");
  });
});

describe("an account's outage", () => {
  // What the failover bench's outage is: the API down, the delivery pipeline and webhooks not.
  it("refuses sends and status lookups with 503, while the messages it accepted before keep their callbacks; a lookup after the recovery tells their status", async () => {
    const sim = await startSimulator();
    const received: string[] = [];
    const receiver = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        received.push(new URLSearchParams(body).get("MessageStatus") ?? "");
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    try {
      const sid = `AC${"5".repeat(32)}`;
      const auth = `Basic ${Buffer.from(`${sid}:secret`).toString("base64")}`;
      sim.accounts.register({ provider: "twilio", id: sid, secret: "secret" });
      // Callbacks a little after the send, so they go out while the account is down.
      sim.faults.add([{ provider: "twilio", account: sid, callbacks: { delayMs: { min: 150, max: 150 } } }]);
      const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/status`;
      const send = () =>
        fetch(`${sim.urlFor("twilio")}/2010-04-01/Accounts/${sid}/Messages.json`, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ To: "+966501234567", From: "+14155550100", Body: "Your report is ready", StatusCallback: callbackUrl }).toString(),
        });
      const accepted = await send();
      expect(accepted.status).toBe(201);
      const { sid: messageSid } = (await accepted.json()) as { sid: string };
      const lookup = () => fetch(`${sim.urlFor("twilio")}/2010-04-01/Accounts/${sid}/Messages/${messageSid}.json`, { headers: { authorization: auth } });

      const [outage] = sim.faults.add([{ provider: "twilio", account: sid, down: true }]);
      expect((await send()).status).toBe(503);
      expect((await lookup()).status).toBe(503);
      await sim.callbacks.idle();
      expect(received).toEqual(["sent", "delivered"]);

      sim.faults.remove(outage!);
      const recovered = await lookup();
      expect(recovered.status).toBe(200);
      expect(await recovered.json()).toMatchObject({ sid: messageSid, status: "delivered" });
      expect(sim.ledger.query({ provider: "twilio" }).map((e) => [e.operation, e.httpStatus, e.fault])).toEqual([
        ["send", 201, null], ["send", 503, "down"], ["status", 503, "down"], ["status", 200, null],
      ]);
    } finally {
      await sim.close();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});
