// The entry of the executor's worker thread: the app's jobs. `next build` bundles this file (see
// EXECUTOR_THREAD_BUNDLE); from the sources it is loaded through executor-thread.mjs.
import { serveExecutorThread } from "@/server/jobs/local/serve-executor-thread";

serveExecutorThread();
