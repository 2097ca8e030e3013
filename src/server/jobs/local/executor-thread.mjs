// Entry of the local executor's worker thread. The executor is TypeScript, loaded
// through tsx as the rest of Herald's scripts are; `workerData.entry` names it.
import { workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

await tsImport(workerData.entry, import.meta.url);
