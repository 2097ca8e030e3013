import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

function metafileOf(entry: string) {
  return build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    tsconfig: path.resolve("tsconfig.json"),
    logLevel: "silent",
  }).then(({ metafile }) => metafile);
}

/** Every source file `entry` loads at run time, dynamic imports included (type-only imports are erased). */
async function sourcesLoadedBy(entry: string): Promise<string[]> {
  return Object.keys((await metafileOf(entry)).inputs);
}

/** The packages `entry` loads as it is imported: static imports only, followed through the sources. */
async function packagesLoadedAtImport(entry: string): Promise<Set<string>> {
  const { inputs } = await metafileOf(entry);
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { path: imported, kind, external } of inputs[file]?.imports ?? []) {
      if (kind !== "import-statement") continue;
      if (external) packages.add(imported.startsWith("@") ? imported.split("/").slice(0, 2).join("/") : imported.split("/")[0]!);
      else visit(imported);
    }
  };
  visit(entry);
  return packages;
}

describe("the job layer and delivery", () => {
  it("delivery's hand-off and the send flow load no job definition or registry: the job layer hands them its ports", async () => {
    for (const entry of ["src/server/services/delivery/enqueue-dispatch.ts", "src/server/services/delivery/requeue-stalled-messages.ts", "src/server/services/notifications/send-notifications.ts"]) {
      const loaded = await sourcesLoadedBy(entry);
      expect(loaded).toContain(entry);
      expect(loaded.filter((file) => file === "src/server/jobs/registry.ts" || file.startsWith("src/server/jobs/definitions/"))).toEqual([]);
    }
  });

  it("installing the job ports does not load Inngest's SDK: the local back end never sends an event, and the Inngest one loads it at its first", async () => {
    const packages = await packagesLoadedAtImport("src/server/jobs/install-job-ports.ts");
    // The graph is the real one: the database client and the job definitions' schemas load with it.
    expect(packages).toContain("pg");
    expect(packages).toContain("zod");
    expect(packages).not.toContain("inngest");
    // The Inngest client is still reachable from the hand-off, by a dynamic import.
    expect(await sourcesLoadedBy("src/server/jobs/submit-jobs.ts")).toContain("src/inngest/client.ts");
  });
});
