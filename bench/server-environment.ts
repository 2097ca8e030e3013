// The environment a Herald server started by a bench or a test runs with, set in this process too:
// the process that seals the accounts' credentials and the server that opens them share the keys.
import { randomBytes } from "node:crypto";

export type TServerEnvironment = { databaseUrl: string; baseUrl: string; dataDir: string };

/** Sets it in `process.env`: fresh secrets, the local executor, and no provider host reachable (port 9 answers nothing). */
export function setServerEnvironment({ databaseUrl, baseUrl, dataDir }: TServerEnvironment): void {
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    HERALD_BASE_URL: baseUrl,
    HERALD_SECRET: randomBytes(32).toString("base64url"),
    HERALD_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    HERALD_DATA_DIR: dataDir,
    PROVIDER_SIMULATOR_URL: "http://127.0.0.1:9",
    JOBS_BACKEND: "local",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  });
}
