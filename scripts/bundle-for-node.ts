// One esbuild bundle of a TypeScript entry for plain node (ESM, Node 20), with the packages left to
// node_modules: how `next build` ships the code that runs beside Next without tsx or the sources
// (the production server, the executor's worker thread).
import path from "node:path";
import { build } from "esbuild";

export async function bundleForNode({ projectDir, entry, outfile }: { projectDir: string; entry: string; outfile: string }): Promise<string> {
  await build({
    absWorkingDir: projectDir,
    entryPoints: [path.join(projectDir, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // pg, Prisma's runtime and wasm, pino, Next itself and the rest load from node_modules at run time.
    packages: "external",
    // The sources' "@/..." imports.
    tsconfig: path.join(projectDir, "tsconfig.json"),
    sourcemap: "linked",
    logLevel: "warning",
  });
  return outfile;
}
