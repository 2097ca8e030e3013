import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** Awaits a call that must fail with a TRPCError of `code`; returns the error. */
export async function expectTRPCError(call: Promise<unknown>, code: TRPCError["code"], message?: RegExp | string): Promise<TRPCError> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${code}, but the call succeeded with ${JSON.stringify(value)?.slice(0, 200)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpcError = error as TRPCError;
  expect(trpcError.code, trpcError.message).toBe(code);
  if (message) expect(trpcError.message).toMatch(message);
  return trpcError;
}
