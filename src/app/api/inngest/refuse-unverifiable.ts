import { env as processEnv, type TEnv } from "@/server/env";
import { inngestSigningProblem } from "@/server/services/health/inngest-signing-problem";

/** Wraps a route handler so it answers 503, naming the setting at fault, while Inngest's requests could not be verified. */
export function refuseUnverifiable<THandler extends (...args: never[]) => Promise<Response>>(handler: THandler, env: () => TEnv = processEnv): THandler {
  return (async (...args: Parameters<THandler>) => {
    const problem = inngestSigningProblem(env());
    if (problem) return Response.json({ error: `Inngest endpoint disabled: ${problem}` }, { status: 503, headers: { "cache-control": "no-store" } });
    return handler(...args);
  }) as THandler;
}
