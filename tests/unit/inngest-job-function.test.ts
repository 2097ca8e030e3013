import { InngestTestEngine, mockCtx } from "@inngest/test";
import { internalEvents, NonRetriableError } from "inngest";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createJobFunction } from "@/inngest/create-job-function";
import { functions } from "@/inngest";
import { defineJob, type JobContext } from "@/server/jobs/define-job";
import { PermanentJobError } from "@/server/jobs/permanent-job-error";
import { jobs } from "@/server/jobs/registry";

// @inngest/test always starts at attempt 0; a retry is modelled by running again with the attempt set.
const atAttempt = (attempt: number) => (ctx: Parameters<typeof mockCtx>[0]) => ({ ...mockCtx(ctx), attempt });

describe("Inngest functions generated from job definitions", () => {
  it("serves one function per registered job, triggered by herald/<id> and its cron, with its retries", () => {
    expect(functions).toHaveLength(Object.keys(jobs).length);
    expect(functions.map((fn) => fn.opts)).toContainEqual({
      id: "expire-sessions",
      retries: jobs["expire-sessions"].retries,
      triggers: [{ event: "herald/expire-sessions" }, { cron: "*/15 * * * *" }],
    });
  });

  it("parses the event data and gives the handler a 1-based attempt and the run id", async () => {
    const calls: { payload: { to: string }; ctx: Omit<JobContext, "logger"> }[] = [];
    const definition = defineJob({
      id: "greet",
      schema: z.object({ to: z.string().trim() }),
      retries: 4,
      handler: async (payload, { logger: _logger, ...ctx }) => {
        calls.push({ payload, ctx });
        return { greeted: payload.to };
      },
    });
    const t = new InngestTestEngine({ function: createJobFunction(definition) });

    const { result } = await t.execute({ events: [{ name: "herald/greet", data: { to: "  Amal " } }] });

    expect(result).toEqual({ greeted: "Amal" });
    // The test engine mints a run id per execution pass; on Inngest it is one id for the whole run.
    expect(calls).toEqual([{ payload: { to: "Amal" }, ctx: { attempt: 1, maxAttempts: 5, jobId: expect.any(String), signal: expect.any(AbortSignal) } }]);
  });

  it("hands a scheduled run an empty payload, not Inngest's timer data", async () => {
    const payloads: unknown[] = [];
    const definition = defineJob({
      id: "sweep",
      schema: z.object({}).strict(),
      cron: "0 * * * *",
      handler: async (payload) => {
        payloads.push(payload);
      },
    });
    const t = new InngestTestEngine({ function: createJobFunction(definition) });

    const { error } = await t.execute({ events: [{ name: internalEvents.ScheduledTimer, data: { cron: "0 * * * *" } }] });

    expect(error).toBeUndefined();
    expect(payloads).toEqual([{}]);
  });

  it("retries a failed attempt: the re-executed run sees attempt 2 and completes", async () => {
    const attempts: number[] = [];
    const definition = defineJob({
      id: "flaky",
      schema: z.object({}),
      handler: async (_payload, { attempt }) => {
        attempts.push(attempt);
        if (attempt === 1) throw new Error("provider timed out");
        return "sent";
      },
    });
    const fn = createJobFunction(definition);
    const events: [{ name: string; data: object }] = [{ name: "herald/flaky", data: {} }];

    const first = await new InngestTestEngine({ function: fn }).execute({ events });
    expect(first.error).toMatchObject({ message: "provider timed out" });

    const retry = await new InngestTestEngine({ function: fn, transformCtx: atAttempt(1) }).execute({ events });
    expect(retry.error).toBeUndefined();
    expect(retry.result).toBe("sent");
    expect(attempts).toEqual([1, 2]);
  });

  it("does not run the handler again for a step that already finished", async () => {
    let runs = 0;
    const definition = defineJob({
      id: "once",
      schema: z.object({}),
      handler: async () => {
        runs += 1;
        return "fresh";
      },
    });
    const t = new InngestTestEngine({ function: createJobFunction(definition), transformCtx: atAttempt(1) });

    const { result } = await t.execute({
      events: [{ name: "herald/once", data: {} }],
      steps: [{ id: "once", handler: () => "memoized" }],
    });

    expect(result).toBe("memoized");
    expect(runs).toBe(0);
  });

  it("turns a permanent failure and an invalid payload into NonRetriableError", async () => {
    const definition = defineJob({
      id: "reject",
      schema: z.object({ phone: z.string().regex(/^\+\d+$/) }),
      handler: async () => {
        throw new PermanentJobError("number is not a mobile");
      },
    });
    const t = new InngestTestEngine({ function: createJobFunction(definition) });

    const permanent = await t.execute({ events: [{ name: "herald/reject", data: { phone: "+966500000000" } }] });
    const invalid = await t.execute({ events: [{ name: "herald/reject", data: { phone: "0500" } }] });

    expect(permanent.error).toMatchObject({ name: NonRetriableError.name, message: "number is not a mobile" });
    expect(invalid.error).toMatchObject({ name: NonRetriableError.name });
    expect((invalid.error as Error).message).toContain("phone");
  });

  it("fails a run past the job's timeout with a retriable error, its signal aborted", async () => {
    let seen: AbortSignal | undefined;
    const definition = defineJob({
      id: "stuck",
      schema: z.object({}),
      timeoutMs: 100,
      handler: async (_payload, { signal }) => {
        seen = signal;
        await new Promise(() => {});
      },
    });

    const { error } = await new InngestTestEngine({ function: createJobFunction(definition) }).execute({ events: [{ name: "herald/stuck", data: {} }] });

    expect(error).toMatchObject({ name: "JobTimeoutError", message: "stuck did not finish within 100 ms; the run was abandoned" });
    expect(seen?.aborted).toBe(true);
  });

  it("serves the functions at /api/inngest", async () => {
    // Dev mode answers introspection without a signed request; the client reads it when created.
    vi.stubEnv("INNGEST_DEV", "1");
    vi.resetModules();
    try {
      const { GET } = await import("@/app/api/inngest/route");
      const { NextRequest } = await import("next/server");

      const response = await GET(new NextRequest("http://herald.test/api/inngest"), undefined);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ function_count: Object.keys(jobs).length, mode: "dev" });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
