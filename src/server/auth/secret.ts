import type { TEnv } from "@/server/env";
import { dataDirSecret } from "@/server/data-dir-secret";

/** The signing secret for sessions: HERALD_SECRET, or one generated under the data directory. */
export function resolveSecret(e: TEnv): string {
  return e.HERALD_SECRET ?? dataDirSecret(e, { variable: "HERALD_SECRET", file: "secret", bytes: 32, encoding: "base64url" });
}
