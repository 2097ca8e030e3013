import superjson from "superjson";

/**
 * Whether superjson would write `value` as it is, with no meta: JSON's own types only (finite
 * numbers other than -0, strings, booleans, null, arrays without holes, plain objects), no object
 * reached twice (superjson records shared references) and no key superjson refuses.
 */
function plainJson(value: unknown, seen: Set<object>): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (seen.has(value)) return false;
      seen.add(value);
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let i = 0; i < value.length; i++) if (!(i in value) || !plainJson(value[i], seen)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key of Object.keys(value)) {
        if (key === "__proto__" || key === "constructor" || key === "prototype") return false;
        if (!plainJson((value as Record<string, unknown>)[key], seen)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * superjson, with answers that are plain JSON (most of them: ids, strings, counts, lists) written
 * without its walk, which was over a tenth of the CPU tRPC spent on a send: for those, superjson's own output is
 * `{ json: value }`, byte for byte what this gives. Everything else (dates, maps, undefined, ...)
 * goes through superjson; inputs are always read by it.
 */
export const transformer = {
  input: superjson,
  output: {
    serialize: (value: unknown) => (plainJson(value, new Set()) ? { json: value } : superjson.serialize(value)),
    deserialize: (value: unknown) => superjson.deserialize(value as Parameters<typeof superjson.deserialize>[0]),
  },
};
