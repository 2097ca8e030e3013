// Runs in each test worker before the test file, as the server's instrumentation does at start-up:
// the services hand dispatch to the job layer through the ports it installs.
import { installJobPorts } from "@/server/jobs/install-job-ports";

installJobPorts();
