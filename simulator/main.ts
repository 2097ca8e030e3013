// `npm run simulator [-- --port 4010] [--scenario file.json]`: the provider simulator on its own.
import { parseArgs } from "node:util";
import { loadScenarioFile } from "./scenario";
import { startSimulator } from "./server";

const { values } = parseArgs({
  options: { port: { type: "string", default: process.env.SIMULATOR_PORT ?? "4010" }, host: { type: "string", default: "127.0.0.1" }, scenario: { type: "string" } },
});
const scenarioFile = values.scenario ?? process.env.SIMULATOR_SCENARIO;
const sim = await startSimulator({ port: Number(values.port), host: values.host, scenario: scenarioFile ? await loadScenarioFile(scenarioFile) : undefined });
console.log(`Provider simulator on ${sim.origin}: ${[...sim.providers.keys()].map((p) => `${sim.urlFor(p)}`).join(", ")}; admin at ${sim.origin}/__admin/health`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on("SIGINT", stop).on("SIGTERM", stop);
