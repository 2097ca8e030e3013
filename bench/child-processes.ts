// The benches' helper processes (the provider simulator, a callback sink, a webhook server): started
// once they say they are ready, and stopped on every way out, a failure or Ctrl-C included, so no
// run leaves a process or a database behind.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<unknown>)[] = [];

/** Runs `task` when the bench ends, however it ends; tasks run last registered first. */
export function atExit(task: () => Promise<unknown>): void {
  cleanups.push(task);
}

/** Runs the registered tasks (each once) and stops the children still running. */
export async function cleanUp(): Promise<void> {
  for (let task = cleanups.pop(); task; task = cleanups.pop()) {
    await task().catch((error: unknown) => console.error("bench cleanup:", error));
  }
  await Promise.all([...children].map(stopChild));
}

// Ctrl-C or a kill would otherwise end the bench before its finally blocks: its database stays behind.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}
// The last resort: a child outliving the bench would keep its port and CPU.
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

let profileDir: string | null = null;

/** From now on, children write a CPU profile into `dir` when they stop (node refuses --cpu-prof in NODE_OPTIONS). */
export function profileChildrenInto(dir: string): void {
  profileDir = dir;
}

/** The node arguments that profile a child, when profiling is on. */
export function profileArgs(): string[] {
  return profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
}

export type TStartedChild = { child: ChildProcess; match: RegExpExecArray; lines: string[] };

/**
 * Starts `node <args>` and resolves with the first stdout line matching `ready`. Its stderr goes to
 * ours; a child that exits or says nothing within the timeout fails the start.
 */
export async function startChild(args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {}): Promise<TStartedChild> {
  const child = spawn(process.execPath, [...profileArgs(), ...args], { env: options.env ?? process.env, cwd: options.cwd, stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  const lines: string[] = [];
  const timeoutMs = options.timeoutMs ?? 60_000;
  try {
    const match = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${args.join(" ")}: not ready within ${timeoutMs} ms`)), timeoutMs);
      child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code} before it was ready`)));
      createInterface({ input: child.stdout! }).on("line", (line) => {
        lines.push(line);
        const found = ready.exec(line);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
    });
    return { child, match, lines };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
