/**
 * Next's start-up hook: gives the services the job layer's ports and, with the local jobs back end,
 * runs the jobs in this process (draining them on SIGTERM; scripts/start.ts has Next leave the
 * signal to it).
 */
export async function register(): Promise<void> {
  // NEXT_RUNTIME is inlined at build time, so the edge bundle drops this branch and the Node-only imports in it.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before any request: sign-in throttling needs each request's real peer address.
    const { stampPeerAddress } = await import("@/server/auth/stamp-peer-address");
    stampPeerAddress();
    const { logInngestSigningProblem } = await import("@/server/services/health/inngest-signing-problem");
    await logInngestSigningProblem();
    const { installJobPorts } = await import("@/server/jobs/install-job-ports");
    installJobPorts();
    const { jobsBackend } = await import("@/server/env");
    if (jobsBackend() === "local") {
      const { startProcessExecutor } = await import("@/server/jobs/local/start-process-executor");
      startProcessExecutor();
    }
  }
}
