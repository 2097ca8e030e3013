// Pinning a bench's processes to CPUs: the provider's side (the simulator and the callback sink) on
// CPUs of its own, as a provider's servers are not Herald's, and Herald's side (the bench process, its
// executor threads, its database's PostgreSQL backends and the ceiling's client) on the rest.
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";

export type TCpuPlan = { provider: number[]; herald: number[] };

/** "1" or "2,3" → the provider's CPUs and the rest for Herald; an error names what was expected. */
export function cpuPlan(value: string | undefined): TCpuPlan | null {
  if (value === undefined) return null;
  const all = Array.from({ length: availableParallelism() }, (_, cpu) => cpu);
  const provider = value.split(",").map((part) => Number(part.trim()));
  if (provider.some((cpu) => !Number.isInteger(cpu) || !all.includes(cpu))) {
    throw new Error(`--provider-cpus: expected CPU numbers between 0 and ${all.length - 1}, comma-separated, got ${JSON.stringify(value)}`);
  }
  const herald = all.filter((cpu) => !provider.includes(cpu));
  if (herald.length === 0) throw new Error(`--provider-cpus: ${JSON.stringify(value)} leaves no CPU for Herald's side`);
  return { provider, herald };
}

/** Every thread of each process on `cpus` (threads started later inherit it). */
export function pinProcesses(pids: readonly (number | undefined)[], cpus: readonly number[]): void {
  for (const pid of pids) {
    if (pid !== undefined) execFileSync("taskset", ["-a", "-p", "-c", cpus.join(","), String(pid)], { stdio: "ignore" });
  }
}
