// JSON pointers (RFC 6901), for the parts of a provider's answer or callback that a config names:
// where the message id, status and error are when a vendor's shape is unknown or its own.
import { z } from "zod";

export const ZJsonPointer = z
  .string({ error: 'expected a JSON pointer such as "/data/0/id"' })
  .regex(/^(\/([^~/]|~[01])*)+$|^$/, 'expected a JSON pointer such as "/data/0/id" (each step after "/", "~1" for "/" and "~0" for "~" in a name)')
  .max(200, "expected a JSON pointer of at most 200 characters");

/** The value at `pointer` in `document`, or undefined when any step is missing. */
export function readPointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const step = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(step)) return undefined;
      current = current[Number(step)];
    } else if (typeof current === "object" && current !== null && Object.hasOwn(current, step)) {
      current = (current as Record<string, unknown>)[step];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The value at `pointer` as text (numbers too, as providers send ids either way); undefined otherwise. */
export function readPointerText(document: unknown, pointer: string): string | undefined {
  const value = readPointer(document, pointer);
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}
