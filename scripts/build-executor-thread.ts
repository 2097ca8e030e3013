// Bundles the local executor's worker-thread entry with esbuild, so a production server runs it
// without tsx and without the sources: `next build` runs this (next.config.ts), writing
// EXECUTOR_THREAD_BUNDLE. Packages stay in node_modules, which `next start` needs anyway.
//
//   node --import tsx scripts/build-executor-thread.ts [outfile]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "./bundle-for-node";
import { EXECUTOR_THREAD_BUNDLE, EXECUTOR_THREAD_ENTRY } from "@/server/jobs/local/start-executor-thread";

/** Bundles the thread entry of the project in `projectDir` into `outfile` (its EXECUTOR_THREAD_BUNDLE by default). */
export async function buildExecutorThread({ projectDir, outfile = path.join(projectDir, EXECUTOR_THREAD_BUNDLE) }: { projectDir: string; outfile?: string }) {
  return bundleForNode({ projectDir, entry: EXECUTOR_THREAD_ENTRY, outfile });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const outfile = process.argv[2] ? path.resolve(process.argv[2]) : undefined;
  buildExecutorThread({ projectDir, outfile }).then(
    (written) => console.log(`executor thread bundled into ${path.relative(projectDir, written)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
