import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TEnv } from "@/server/env";

/**
 * A secret the embedded default generates once and keeps under the data directory, so a laptop
 * needs no setup and restarts keep sessions and credentials readable. Production with a real
 * database must set the variable instead. Returns `bytes` random bytes as text in `encoding`.
 */
export function dataDirSecret(e: TEnv, options: { variable: string; file: string; bytes: number; encoding: BufferEncoding }): string {
  if (e.NODE_ENV === "production" && e.DATABASE_URL) {
    throw new Error(`${options.variable}: required in production (${options.bytes} random bytes, ${options.encoding}: openssl rand -base64 ${options.bytes})`);
  }
  const file = path.resolve(e.HERALD_DATA_DIR, options.file);
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx" fails if the file exists: two processes starting together end up with the same secret.
    writeFileSync(file, randomBytes(options.bytes).toString(options.encoding), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}
