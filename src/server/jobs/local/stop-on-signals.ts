import { logger } from "@/server/logger";

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

/**
 * On SIGTERM or SIGINT runs `stop` once, then lets the signal end the process as it would have
 * (unless someone else handles it). Later signals meanwhile change nothing: Ctrl-C reaches the whole
 * process group and the start script forwards it too, and a second one must not cut the drain
 * short. Returns a function that removes the handlers.
 */
export function stopOnSignals(stop: () => Promise<void>): () => void {
  let stopping = false;
  const remove = () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals): void {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down: finishing or releasing the jobs in flight");
    void stop()
      .catch((error: unknown) => logger.error({ err: error }, "shutdown did not complete cleanly"))
      .finally(() => {
        remove();
        // Our handler cancelled Node's default exit; if nobody else handles the signal, exit as it asked.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  }
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return remove;
}
