// Where the CPU goes during a benchmark's window, per process and per thread, from /proc (Linux; on
// another system the split is empty): the bench process's main thread, the executor's worker threads
// (the threads that appeared when they started) and the rest of its threads (V8's garbage collection
// and compiler helpers, libuv, module loaders),
// the helper processes (the provider simulator, the callback sink, a server), the PostgreSQL backends of
// the bench's database and the server's background processes (WAL writer, checkpointer, ...), and
// what the whole host spent meanwhile, other work included.
import { readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";

const TICKS_PER_SECOND = 100;

/** The fields of a process's or thread's stat after its command name (which may hold spaces and parentheses); null once it is gone. */
function statFields(statPath: string): string[] | null {
  try {
    const stat = readFileSync(statPath, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** utime + stime, in clock ticks. */
const ticksOfFields = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

/** utime + stime of a process or thread, in clock ticks; null once it is gone. */
function ticksOf(statPath: string): number | null {
  const fields = statFields(statPath);
  return fields === null ? null : ticksOfFields(fields);
}

/** One number per thread of process `pid`, read from its stat fields (none for a thread gone meanwhile). */
function perThread(pid: number, read: (fields: string[]) => number): Map<number, number> {
  const threads = new Map<number, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    const fields = statFields(`/proc/${pid}/task/${tid}/stat`);
    if (fields !== null) threads.set(Number(tid), read(fields));
  }
  return threads;
}

/** Each thread of process `pid` with the time it started, in clock ticks since boot. */
export function threadStarts(pid: number): Map<number, number> {
  return perThread(pid, (fields) => Number(fields[19]));
}

/** The ids of this process's threads now: taken before and after starting worker threads, to tell theirs apart. */
export function threadIds(): Set<number> {
  return new Set(threadTicks(process.pid).keys());
}

function threadTicks(pid: number): Map<number, number> {
  return perThread(pid, ticksOfFields);
}

/** Busy and total ticks of every core of the host. */
function hostTicks(): { busy: number; total: number } {
  try {
    const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
    const values = cpu!.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    // idle and iowait
    return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

type TSnapshot = { at: number; self: Map<number, number>; processes: Map<number, number>; threaded: Map<number, Map<number, number>>; host: { busy: number; total: number } };

/** A helper process whose CPU is split by thread: `group` names each thread's part (read when the watch stops). */
export type TThreadedChild = { pid: number; group: (tid: number) => string };

export type TCpuWatchOptions = {
  /** The parts this process's threads count as (by default a bench that accepts and dispatches in process). */
  selfLabels?: { main: string; executor: string; other: string };
  threaded?: TThreadedChild[];
};

const BENCH_SELF = { main: "bench main thread (accepting)", executor: "executor threads (dispatching)", other: "bench other threads (GC, compiler, libuv)" };

export type TCpuSplit = {
  seconds: number;
  cores: number;
  /** Milliseconds of CPU per message, per part. */
  msPerMessage: Record<string, number>;
  /** The parts above summed, the rest of the host left out. */
  countedMsPerMessage: number;
  /** Each part's share of the host's cores over the window (1 = every core busy the whole time). */
  shareOfCores: Record<string, number>;
};

export type TCpuWatch = { stop(messages: number, pgPids: { backends: number[]; background: number[] }): TCpuSplit };

/**
 * Starts watching: `children` names the helper processes by pid, `executorThreads` the threads the
 * executors started; `stop` is given the messages the window handled and the PostgreSQL processes to
 * count (the bench database's backends, the server's own).
 */
export function watchCpu(children: Record<string, number | undefined>, executorThreads: ReadonlySet<number>, pgPidsAtStart: number[], options: TCpuWatchOptions = {}): TCpuWatch {
  const self = options.selfLabels ?? BENCH_SELF;
  const threaded = options.threaded ?? [];
  const pids = () => [...Object.values(children).filter((pid): pid is number => pid !== undefined), ...pgPidsAtStart];
  const snapshot = (extra: number[] = []): TSnapshot => ({
    at: performance.now(),
    self: threadTicks(process.pid),
    processes: new Map([...pids(), ...extra].flatMap((pid) => {
      const ticks = ticksOf(`/proc/${pid}/stat`);
      return ticks === null ? [] : [[pid, ticks] as const];
    })),
    threaded: new Map(threaded.map(({ pid }) => [pid, threadTicks(pid)])),
    host: hostTicks(),
  });
  const start = snapshot();
  return {
    stop(messages, pg) {
      const end = snapshot([...pg.backends, ...pg.background]);
      const seconds = (end.at - start.at) / 1000;
      const ms = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;
      const delta = (before: Map<number, number>, after: Map<number, number>, id: number) => (after.get(id) ?? 0) - (before.get(id) ?? 0);
      const parts: Record<string, number> = {};
      const sum = (tids: number[]) => tids.reduce((total, tid) => total + delta(start.self, end.self, tid), 0);
      const tids = [...end.self.keys()];
      parts[self.main] = ms(sum([process.pid]));
      if (executorThreads.size > 0) parts[self.executor] = ms(sum(tids.filter((tid) => executorThreads.has(tid))));
      parts[self.other] = ms(sum(tids.filter((tid) => tid !== process.pid && !executorThreads.has(tid))));
      for (const [label, pid] of Object.entries(children)) if (pid !== undefined) parts[label] = ms(delta(start.processes, end.processes, pid));
      for (const { pid, group } of threaded) {
        const before = start.threaded.get(pid) ?? new Map<number, number>();
        const after = end.threaded.get(pid) ?? new Map<number, number>();
        for (const tid of after.keys()) parts[group(tid)] = (parts[group(tid)] ?? 0) + ms(delta(before, after, tid));
      }
      // A backend that connected during the window counts from its start (its whole life is in the window).
      const pgSum = (list: number[]) => ms(list.reduce((sum, pid) => sum + delta(start.processes, end.processes, pid), 0));
      parts["postgres backends (bench database)"] = pgSum(pg.backends);
      parts["postgres background (WAL writer, checkpointer, ...)"] = pgSum(pg.background);
      const counted = Object.values(parts).reduce((sum, value) => sum + value, 0);
      const cores = cpus().length;
      const hostBusyMs = ((end.host.busy - start.host.busy) / Math.max(1, end.host.total - start.host.total)) * cores * seconds * 1000;
      parts["rest of the host (other work)"] = Math.max(0, hostBusyMs - counted);
      const round = (value: number) => Number(value.toFixed(3));
      return {
        seconds: Number(seconds.toFixed(2)),
        cores,
        msPerMessage: Object.fromEntries(Object.entries(parts).map(([label, value]) => [label, round(value / messages)])),
        countedMsPerMessage: round(counted / messages),
        shareOfCores: Object.fromEntries(Object.entries(parts).map(([label, value]) => [label, round(value / (seconds * 1000 * cores))])),
      };
    },
  };
}

/**
 * The PostgreSQL processes whose CPU a bench counts: the backends of the database the app's client
 * is connected to (the bench's own), and the server's background processes (WAL writer, checkpointer, ...).
 */
export async function postgresPids(): Promise<{ backends: number[]; background: number[] }> {
  // Imported when called: the app's database client reads the environment the bench has set by then.
  const { db } = await import("@/server/db");
  const rows = await db().$queryRaw<{ pid: number; own: boolean }[]>`
    SELECT pid, datname = current_database() AS own FROM pg_stat_activity
    WHERE (datname = current_database() OR backend_type <> 'client backend')`;
  return { backends: rows.filter((r) => r.own).map((r) => r.pid), background: rows.filter((r) => !r.own).map((r) => r.pid) };
}

/**
 * A server's executor threads: its worker threads (and the module loaders they start), which the
 * server starts once its own modules have loaded, so after the longest pause in its threads' start
 * times. Node's own threads (V8's platform workers, libuv's pool, the main module's loader) all
 * start before its modules load.
 */
export function executorThreadsOf(pid: number): Set<number> {
  const byStart = [...threadStarts(pid)].sort((a, b) => a[1] - b[1]);
  let cut = byStart.length;
  let longest = 0;
  for (let i = 1; i < byStart.length; i++) {
    const gap = byStart[i]![1] - byStart[i - 1]![1];
    if (gap > longest) [longest, cut] = [gap, i];
  }
  return new Set(byStart.slice(cut).map(([tid]) => tid));
}

/** A Herald server process split into its main thread, its executor threads and the rest (read when the watch stops). */
export function heraldServerThreads(pid: number, labels: { main: string; executor: string; other: string }): TThreadedChild {
  let executorThreads: Set<number> | null = null;
  return {
    pid,
    group: (tid) => {
      executorThreads ??= executorThreadsOf(pid);
      if (tid === pid) return labels.main;
      return executorThreads.has(tid) ? labels.executor : labels.other;
    },
  };
}
