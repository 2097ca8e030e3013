/**
 * Next's start-up hook: gives the services the job layer's ports and, with the local jobs back end,
 * runs the jobs in this process (draining them on SIGTERM; scripts/start.ts has Next leave the
 * signal to it).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is inlined at build time, so the edge bundle drops this branch and the Node-only imports in it.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { installJobPorts } = await import("@/server/jobs/install-job-ports");
    installJobPorts();
    const { jobsBackend } = await import("@/server/env");
    if (jobsBackend() === "local") {
      const { startProcessExecutor } = await import("@/server/jobs/local/start-process-executor");
      startProcessExecutor();
    }
  }
}
