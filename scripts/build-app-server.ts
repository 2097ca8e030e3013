// Bundles the production server (scripts/app-server.ts) with esbuild, so it runs on plain node from
// the build output and node_modules, without the sources or tsx, as `next start` did: `next build`
// runs this (next.config.ts), writing APP_SERVER_BUNDLE.
//
//   node --import tsx scripts/build-app-server.ts
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleForNode } from "./bundle-for-node";

/** Where `next build` bundles the production server; `node <it> [-p PORT]` serves the build in the working directory. */
export const APP_SERVER_BUNDLE = ".next/herald/app-server.mjs";

export async function buildAppServer(projectDir: string): Promise<string> {
  const outfile = path.join(projectDir, APP_SERVER_BUNDLE);
  return bundleForNode({ projectDir, entry: "scripts/app-server.ts", outfile });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  buildAppServer(projectDir).then(
    (written) => console.log(`production server bundled into ${path.relative(projectDir, written)}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
