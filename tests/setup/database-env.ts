// Runs in each test worker before the test file: code under test reads the
// database from DATABASE_URL (db() in src/server/db.ts), so point it at the run's
// database, never at whatever DATABASE_URL the shell had.
import { inject } from "vitest";
import "./provided-context";

process.env.DATABASE_URL = inject("databaseUrl");
