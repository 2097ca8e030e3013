import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TEnv } from "@/server/env";

/**
 * The signing secret for sessions. Production must set HERALD_SECRET; the
 * embedded default keeps a generated one under the data directory so sessions
 * survive restarts without any setup.
 */
export function resolveSecret(e: TEnv): string {
  if (e.HERALD_SECRET) return e.HERALD_SECRET;
  if (e.NODE_ENV === "production" && e.DATABASE_URL) {
    throw new Error("HERALD_SECRET: required in production (at least 32 characters)");
  }
  const file = path.resolve(e.HERALD_DATA_DIR, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
