// A handler's raw form reads the body bytes as its web form's Request#text() does, so both check a
// signature over the same text.
import { describe, expect, it } from "vitest";
import { bodyText, withRawForm, RAW_ROUTE_FORM, type TRawRouteForm } from "@/server/http/raw-route-form";

const bodies: [string, Buffer][] = [
  ["plain form text", Buffer.from("MessageStatus=delivered&To=%2B966500000000")],
  ["Arabic text", Buffer.from("Body=إيقاف")],
  ["a leading byte order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"email.delivered"}')])],
  ["a byte order mark inside the text", Buffer.from("a\ufeffb")],
  ["a bad UTF-8 sequence", Buffer.from([0x61, 0xc3, 0x28, 0x62])],
  ["a multi-byte character cut short", Buffer.from([0x61, 0xd8])],
  ["no bytes", Buffer.alloc(0)],
];

describe("bodyText", () => {
  for (const [name, bytes] of bodies) {
    it(`reads ${name} as Request#text() does`, async () => {
      const web = await new Request("http://127.0.0.1/", { method: "POST", body: new Uint8Array(bytes) }).text();
      expect(bodyText(bytes)).toBe(web);
    });
  }
});

describe("withRawForm", () => {
  it("keeps the handler as it is and carries the raw form under the registered symbol", async () => {
    const raw: TRawRouteForm = async () => ({ status: 204, headers: {}, body: "" });
    const handler = async () => new Response("web");
    const carried = withRawForm(handler, raw);
    expect(carried).toBe(handler);
    expect((carried as unknown as Record<symbol, unknown>)[Symbol.for("herald.rawRouteForm")]).toBe(raw);
    expect(RAW_ROUTE_FORM).toBe(Symbol.for("herald.rawRouteForm"));
    expect(Object.keys(carried)).toEqual([]);
    expect(await (await carried()).text()).toBe("web");
  });
});
