// The production build, copied out of .next into a directory of the bench's own before `next start`
// serves it: a `next build` started meanwhile in the working tree (tests, another run) rewrites
// .next in place, and a server reading it lazily would then fail mid-run.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const BUILD_ID = ".next/BUILD_ID";

/** A directory `next start <dir>` can serve, with the build as it was when copied; removed by `remove`. */
export function snapshotNextBuild(root = process.cwd()): { dir: string; remove(): void } {
  const buildId = () => (existsSync(join(root, BUILD_ID)) ? readFileSync(join(root, BUILD_ID), "utf8") : null);
  const before = buildId();
  if (!before) throw new Error("no production build in .next: run `npm run build` first (or pass --server node)");
  const dir = mkdtempSync(join(tmpdir(), "herald-next-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    // The cache is the build's, not the server's; everything else `next start` may read.
    cpSync(join(root, ".next"), join(dir, ".next"), { recursive: true, filter: (source) => !source.startsWith(resolve(root, ".next/cache")) });
    if (buildId() !== before) throw new Error(".next was rebuilt while it was being copied: run the bench again once the build has finished");
    for (const file of ["next.config.ts", "package.json"]) cpSync(join(root, file), join(dir, file));
    // Server chunks require their external packages (pg, pino, Prisma's engines) by node resolution.
    symlinkSync(resolve(root, "node_modules"), join(dir, "node_modules"), "dir");
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, remove };
}
