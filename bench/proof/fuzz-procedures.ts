// The tRPC half of bench:fuzz: every procedure over HTTP as every caller, with fast-check's inputs.
import fc from "fast-check";
import { changedTables, dbFingerprint } from "./db-fingerprint";
import type { TFuzzCaller, TOtherLab } from "./fuzz-world";
import { procedureInput } from "./fuzz-inputs";
import { callProcedure, type TRawAnswer } from "./trpc-over-http";

export type TFuzzFailure = { target: string; caller: string; input: string; status: number; problem: string; answer: string };

/** A run that threw before its answer could be judged: status 0, the error's message as the problem. */
export function thrownFailure(target: string, caller: string, input: string, error: unknown): TFuzzFailure {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { target, caller, input, status: 0, problem: `threw ${message}`.slice(0, 300), answer: "" };
}

/** What is wrong with one answer, or null: a 5xx, an internal error, another lab's data, a write by a refused call. */
export function problemWith(answer: TRawAnswer, input: unknown, other: TOtherLab, changed: string[]): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.body.includes("INTERNAL_SERVER_ERROR")) return "INTERNAL_SERVER_ERROR";
  const sent = JSON.stringify(input ?? null);
  const leaked = [...other.markers, ...other.ids.filter((id) => !sent.includes(id))].find((secret) => answer.body.includes(secret));
  if (leaked) return `answer shows another lab's ${other.markers.includes(leaked) ? "data" : "id"} ${leaked}`;
  if (answer.status >= 400 && changed.length > 0) return `refused, yet wrote to ${changed.join(", ")}`;
  return null;
}

export async function fuzzProcedures(options: {
  origin: string;
  labId: string;
  procedures: { path: string; type: "query" | "mutation" }[];
  callers: TFuzzCaller[];
  other: TOtherLab;
  runs: number;
  seed: number;
}): Promise<{ calls: number; refused: number; failures: TFuzzFailure[] }> {
  const failures: TFuzzFailure[] = [];
  let calls = 0;
  let refused = 0;
  const input = procedureInput(options.labId, options.other.ids);
  for (const procedure of options.procedures) {
    for (const caller of options.callers) {
      const result = await fc.check(
        fc.asyncProperty(input, async (value) => {
          const given = JSON.stringify(value ?? null).slice(0, 300);
          try {
            const before = await dbFingerprint();
            const answer = await callProcedure(options.origin, procedure.path, procedure.type, value, caller.headers);
            calls += 1;
            if (answer.status >= 400) refused += 1;
            const problem = problemWith(answer, value, options.other, answer.status >= 400 ? changedTables(before, await dbFingerprint()) : []);
            if (problem) failures.push({ target: procedure.path, caller: caller.name, input: given, status: answer.status, problem, answer: answer.body.slice(0, 300) });
            return problem === null;
          } catch (error) {
            // A call that never got an answer (or a check that could not run) is a finding, not a lost run.
            failures.push(thrownFailure(procedure.path, caller.name, given, error));
            return false;
          }
        }),
        // Each failure is recorded as found; shrinking would only repeat calls.
        { numRuns: options.runs, seed: options.seed, endOnFailure: true },
      );
      void result;
    }
  }
  return { calls, refused, failures };
}
