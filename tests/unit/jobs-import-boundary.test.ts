import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/** Every source file `entry` loads at run time, dynamic imports included (type-only imports are erased). */
async function sourcesLoadedBy(entry: string): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    tsconfig: path.resolve("tsconfig.json"),
    logLevel: "silent",
  });
  return Object.keys(metafile.inputs);
}

describe("the job layer and delivery", () => {
  it("delivery's hand-off and the send flow load no job definition or registry: the job layer hands them its ports", async () => {
    for (const entry of ["src/server/services/delivery/enqueue-dispatch.ts", "src/server/services/delivery/requeue-stalled-messages.ts", "src/server/services/notifications/send-notifications.ts"]) {
      const loaded = await sourcesLoadedBy(entry);
      expect(loaded).toContain(entry);
      expect(loaded.filter((file) => file === "src/server/jobs/registry.ts" || file.startsWith("src/server/jobs/definitions/"))).toEqual([]);
    }
  });
});
