/** Next's start-up hook: with the local jobs back end, this process also runs the jobs. */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is inlined at build time, so the edge bundle drops this branch and the Node-only imports in it.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { jobsBackend } = await import("@/server/env");
    if (jobsBackend() === "local") {
      const { startProcessExecutor } = await import("@/server/jobs/local/start-process-executor");
      startProcessExecutor();
    }
  }
}
