import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { transformer } from "@/server/api/transformer";

const shared = { id: "m1" };
const circular: Record<string, unknown> = { a: 1 };
circular.self = circular;

// Answers as procedures give them, and every kind superjson writes a meta for.
const VALUES: unknown[] = [
  { requestId: "r1", replayed: false, items: [{ contactId: "c1", externalId: null, channels: [{ channel: "SMS", status: "QUEUED", messageId: "m1" }] }] },
  [], {}, "text", 0, 3.5, -7, true, false, null,
  Object.assign(Object.create(null) as object, { a: 1 }),
  undefined, { a: undefined }, [1, undefined], Object.assign(new Array<number>(3), { 0: 1, 2: 3 }), -0, NaN, Infinity, -Infinity,
  new Date(0), { at: new Date(0) }, new Map([["a", 1]]), new Set([1]), 10n, /x/g, new Error("boom"),
  { a: shared, b: shared }, [shared, shared], circular,
  new (class Point { x = 1 })(),
];

describe("tRPC's output transformer", () => {
  it("writes exactly what superjson writes, plain JSON or not", () => {
    for (const value of VALUES) expect(JSON.stringify(transformer.output.serialize(value))).toBe(JSON.stringify(superjson.serialize(value)));
  });

  it("refuses the keys superjson refuses", () => {
    const polluted = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    expect(() => superjson.serialize(polluted)).toThrow(/prototype pollution/);
    expect(() => transformer.output.serialize(polluted)).toThrow(/prototype pollution/);
  });

  it("reads back what it wrote", () => {
    for (const value of [{ a: 1, b: [true, null, "x"] }, { at: new Date(5) }, { n: NaN }]) {
      expect(transformer.output.deserialize(JSON.parse(JSON.stringify(transformer.output.serialize(value))))).toEqual(value);
    }
  });
});
