import { execFileSync } from "node:child_process";
import path from "node:path";
import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const config: NextConfig = {
  // Packages with native/wasm parts or worker threads stay outside the bundle.
  serverExternalPackages: ["pino", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/schema-engine-wasm", "pg"],
  poweredByHeader: false,
  // The test suite (scripts/test.sh) type-checks the whole project before it builds, and builds once
  // per checkout: its build skips the second type check and the compiler cache only a later build reads.
  ...(process.env.HERALD_TEST_BUILD === "1" && {
    typescript: { ignoreBuildErrors: true },
    experimental: { turbopackFileSystemCacheForBuild: false },
  }),
  typedRoutes: false,
  compiler: {
    // The executor's worker thread and the production server (scripts/app-server.ts) are not part of
    // Next's bundles: every `next build` (npm run build, npm start's first build, the e2e server's)
    // bundles their entries too. In processes of their own, as this file is compiled to CommonJS and
    // the scripts are ES modules loaded through tsx.
    runAfterProductionCompile: async ({ projectDir }) => {
      for (const script of ["scripts/build-executor-thread.ts", "scripts/build-app-server.ts"]) {
        execFileSync(process.execPath, ["--import", "tsx", path.join(projectDir, script)], { cwd: projectDir, stdio: "inherit" });
      }
    },
  },
};

// Finds src/i18n/request.ts, which picks each render's language and messages.
export default createNextIntlPlugin("./src/i18n/request.ts")(config);
