// Herald's local executor alone, in a process of its own, as a separate worker deployment runs it:
// the proof suites kill it (SIGKILL) and start another. Prints "executor ready" once it polls.
import { installJobPorts } from "@/server/jobs/install-job-ports";
import { startProcessExecutor } from "@/server/jobs/local/start-process-executor";

installJobPorts();
const executor = startProcessExecutor();
await executor.started;
console.log("executor ready");
