import type { NextConfig } from "next";

const config: NextConfig = {
  // Packages with native/wasm parts or worker threads stay outside the bundle.
  serverExternalPackages: ["pino", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@prisma/schema-engine-wasm", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
