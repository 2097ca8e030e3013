// Shared by the Twilio adapter tests: the simulator, accounts, a webhook receiver and adapter calls.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, it } from "vitest";
import { startSimulator, type TSimulator } from "../../simulator/server";
import { twilioProvider } from "@/server/providers/twilio/twilio.provider";
import type { TTwilioConfig } from "@/server/providers/twilio/twilio-config";
import type { ChannelAdapter, TAdapterContext, TSmsMessage, TWebhookRequest, TWhatsAppMessage } from "@/server/providers/types";
import { adapterContext } from "../helpers/adapter-context";
import { expectLedgerConforms } from "./twilio-spec";

export const ACCOUNT_SID = `AC${"1a".repeat(16)}`;
export const AUTH_TOKEN = "0123456789abcdef0123456789abcdef";
export const API_KEY_SID = `SK${"2b".repeat(16)}`;
export const API_KEY_SECRET = "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe";
export const SERVICE_SID = `MG${"3c".repeat(16)}`;
export const CONTENT_SID = `HX${"4d".repeat(16)}`;
export const SENDER = "+14155550100";

export const sms = twilioProvider.adapters.SMS as ChannelAdapter<"SMS", TTwilioConfig>;
export const whatsApp = twilioProvider.adapters.WHATSAPP as ChannelAdapter<"WHATSAPP", TTwilioConfig>;

export function twilioConfig(overrides: Record<string, unknown> = {}, channel: "SMS" | "WHATSAPP" = "SMS"): TTwilioConfig {
  const adapter = channel === "SMS" ? sms : whatsApp;
  return adapter.configSchema.parse({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: SENDER, ...overrides });
}

let counter = 0;
export function smsMessage(to: string, body = "Your report is ready."): TSmsMessage {
  return { messageId: `msg_${Date.now()}_${++counter}`, to, triggerKey: "REPORT_READY", body, segments: null };
}

export function whatsAppMessage(to: string, content: Partial<Pick<TWhatsAppMessage, "body" | "template">> = {}): TWhatsAppMessage {
  return { messageId: `msg_${Date.now()}_${++counter}`, to, triggerKey: "REPORT_READY", body: null, template: null, ...content };
}

/** A request as Herald's webhook route would hand it to the adapter. */
export type TReceived = TWebhookRequest;

/** A local stand-in for Herald's webhook route: records every request and answers 200. */
export type TReceiver = { origin: string; received: TReceived[]; close(): Promise<void> };

export async function startReceiver(): Promise<TReceiver> {
  const received: TReceived[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(name, value);
      received.push({ url: `${origin}${request.url}`, method: request.method ?? "POST", headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "text/xml" }).end("<Response/>");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export type TTwilioHarness = {
  sim: TSimulator;
  receiver: TReceiver;
  webhookUrl: string;
  context(overrides?: Partial<TAdapterContext>): TAdapterContext;
  close(): Promise<void>;
};

/** The simulator with Twilio only, the account registered with its auth token, and a webhook receiver. */
export async function startTwilioHarness(): Promise<TTwilioHarness> {
  const sim = await startSimulator({ providers: ["twilio"] });
  const receiver = await startReceiver();
  const webhookUrl = `${receiver.origin}/api/webhooks/twilio/acct_test`;
  sim.accounts.register({ provider: "twilio", id: ACCOUNT_SID, secret: AUTH_TOKEN, webhookUrl });
  return {
    sim,
    receiver,
    webhookUrl,
    context: (overrides = {}) => adapterContext({ baseUrl: sim.urlFor("twilio"), webhookUrl, ...overrides }),
    async close() {
      await sim.close();
      await receiver.close();
    },
  };
}

/**
 * A harness for one test file: started before its tests, faults and received callbacks cleared after
 * each, and a last test that checks every request the adapter made against Twilio's spec.
 */
export function useTwilioHarness(): TTwilioHarness {
  const h = {} as TTwilioHarness;
  beforeAll(async () => {
    Object.assign(h, await startTwilioHarness());
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.sim.faults.clear();
    h.receiver.received.length = 0;
    h.sim.accounts.register({ provider: "twilio", id: ACCOUNT_SID, secret: AUTH_TOKEN, webhookUrl: h.webhookUrl });
  });
  return h;
}

/** Registered last in a file: every request its tests made conforms to Twilio's spec. */
export function itSentOnlyConformingRequests(h: TTwilioHarness): void {
  it("sent only requests that conform to Twilio's spec", () => {
    expectLedgerConforms(h.sim.ledger.query());
  });
}
