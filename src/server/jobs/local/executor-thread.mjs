// Entry of the local executor's worker thread when it runs from the sources (dev, tests): the
// executor is TypeScript, loaded through tsx as the rest of Herald's scripts are; `workerData.entry`
// names it. Production builds bundle the entry instead (EXECUTOR_THREAD_BUNDLE).
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
