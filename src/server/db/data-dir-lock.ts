import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const LOCK_FILE = "embedded-postgres.lock";

/** Directories this process holds: its own pid in a lock file may also be a stale one (a container restarted with the same pid). */
const heldHere = new Set<string>();

type TLockContent = { pid: number; url?: string };

export type DataDirLock = {
  /** Records where the database is served, so a refused second start can say how to reach it. */
  recordUrl(url: string): Promise<void>;
  release(): Promise<void>;
};

/**
 * Claims a data directory for this process. PGlite has no postmaster.pid of its
 * own, and two processes writing one cluster corrupt it, so a second start
 * (e.g. `npm run db:migrate` while `npm run dev` runs) must fail instead.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = path.resolve(dataDir, LOCK_FILE);
  if (heldHere.has(file)) throw new Error(`The embedded database in ${dataDir} is already running in this process.`);
  heldHere.add(file);
  try {
    await claim(file, dataDir);
  } catch (error) {
    heldHere.delete(file);
    throw error;
  }
  return {
    async recordUrl(url) {
      await writeFile(file, JSON.stringify({ pid: process.pid, url } satisfies TLockContent));
    },
    async release() {
      const holder = await readHolder(file);
      if (holder?.pid === process.pid) await rm(file, { force: true });
      heldHere.delete(file);
    },
  };
}

/** Where another live process serves the data directory's database, if one does. */
export async function runningEmbeddedUrl(dataDir: string): Promise<string | null> {
  const holder = await readHolder(path.resolve(dataDir, LOCK_FILE));
  if (!holder?.url || holder.pid === process.pid || !isAlive(holder.pid)) return null;
  return holder.url;
}

async function claim(file: string, dataDir: string): Promise<void> {
  const content = JSON.stringify({ pid: process.pid } satisfies TLockContent);
  try {
    await writeFile(file, content, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = await readHolder(file);
    if (holder && holder.pid !== process.pid && isAlive(holder.pid)) {
      const reach = holder.url ? `, or set DATABASE_URL=${holder.url} to use its database` : "";
      throw new Error(`The embedded database in ${dataDir} is in use by process ${holder.pid}: stop that process${reach}.`);
    }
    // The holder died without releasing the lock: take it over.
    await writeFile(file, content);
  }
}

async function readHolder(file: string): Promise<TLockContent | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null && "pid" in parsed && typeof parsed.pid === "number") {
      return { pid: parsed.pid, url: "url" in parsed && typeof parsed.url === "string" ? parsed.url : undefined };
    }
  } catch {
    // Missing or half-written: treated as unheld.
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
