import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/** Names an executor in Job.lockedBy: host, process and a random part, unique per executor. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
