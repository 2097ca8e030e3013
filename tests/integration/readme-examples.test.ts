// Runs the README's code examples as a reader would copy them, read from README.md itself, so an
// example that stops working (a renamed procedure, a variable the templates now need, a CLI option)
// fails here rather than in a reader's hands.
//
// On a database of its own: the examples create platform-default sandbox accounts and the demo
// organization, which would change what other files' tests see in the shared one, and send-test
// dispatches every queued message while it waits.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST, GET } from "@/app/api/trpc/[trpc]/route";
import { resolveSecret } from "@/server/auth/secret";
import { commands } from "@/server/cli/commands";
import { resolveEncryptionKey } from "@/server/crypto/encryption-key";
import { db } from "@/server/db";
import { parseEnv } from "@/server/env";
import { authenticateApiKey } from "@/server/services/api-keys/authenticate-api-key";
import { ensureSandboxAccounts } from "@/server/services/business-accounts/ensure-sandbox-accounts";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { makeApiKey, makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { codeBlocks, readReadme, shellCommands, type TShellCommand } from "../helpers/readme-code-blocks";
import { serveFetchHandler, type TServedHandler } from "../helpers/serve-fetch-handler";
import { useOwnDatabase } from "./jobs-helpers";

useOwnDatabase("herald_readme");

const readme = readReadme();
const blocks = codeBlocks(readme);
const commandsOfReadme = shellCommands(readme);
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };

// Start-up syncs the catalogue before anything else runs, and the README's examples assume it has.
beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
});

describe("the README's commands at the top", () => {
  it("are exactly the install-and-run and install-and-test commands, and CI runs the same test command", () => {
    const top = blocks[0]!;
    expect(top.lang).toBe("bash");
    const lines = top.code.split("\n").map((line) => line.replace(/\s+#.*$/, "").trim()).filter(Boolean);
    expect(lines).toEqual(["npm ci && npm run dev", "npm ci && npm test"]);
    expect(packageJson.scripts).toHaveProperty("dev");
    expect(packageJson.scripts).toHaveProperty("test");
    expect(existsSync("package-lock.json")).toBe(true);
    const ci = readFileSync(".ci/run", "utf8").split("\n").map((line) => line.trim());
    expect(ci.some((line) => /^(npm ci && )?npm test$/.test(line))).toBe(true);
  });

  it("name only npm scripts that exist, wherever the README mentions one", () => {
    const named = [...readme.matchAll(/npm run ([\w:.-]+)/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((name) => !(name in packageJson.scripts))).toEqual([]);
    for (const bare of readme.matchAll(/npm (start|test)\b/g)) expect(packageJson.scripts).toHaveProperty(bare[1]!);
  });
});

describe("the TypeScript client example", () => {
  const EXAMPLE_URL = "https://herald.example.com/api/trpc";
  // A client repository resolves Herald's router type through its dependency on `herald`; inside this
  // repository the same module is `@/server/api/root`. The import is type-only, so it changes nothing
  // at run time; rewriting it keeps the file valid for the type checker should one ever be left behind.
  const EXAMPLE_TYPE_IMPORT = 'import type { AppRouter } from "herald/src/server/api/root";';
  const tmpDir = path.resolve("tests/.tmp");
  let server: TServedHandler;
  let file: string | undefined;

  beforeAll(async () => {
    server = await serveFetchHandler((request) => (request.method === "GET" ? GET(request) : POST(request)));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    if (file) rmSync(file, { force: true });
    await server?.close();
  });

  it("sends through a lab's enabled triggers and reads the message back", async () => {
    const example = blocks.filter((block) => block.lang === "ts" && block.code.includes("createTRPCClient"));
    expect(example, "one TypeScript client example").toHaveLength(1);
    const source = example[0]!.code;
    expect(source.split(EXAMPLE_URL)).toHaveLength(2);
    expect(source).toContain(EXAMPLE_TYPE_IMPORT);
    expect(readFileSync("src/server/api/root.ts", "utf8")).toMatch(/export type AppRouter\b/);

    // A lab as an operator sets one up: the catalogue's triggers enabled, the platform's sandbox
    // accounts behind it, and a key scoped to it, which the example reads from HERALD_API_KEY.
    const { labs } = await makeOrgWithLabs(1);
    const lab = await db().lab.update({ where: { id: labs[0]!.id }, data: { quietHoursStart: null, quietHoursEnd: null } });
    await enableAllTriggers(db(), lab.id);
    await ensureSandboxAccounts(db());
    const { key } = await makeApiKey(lab.id);
    vi.stubEnv("HERALD_API_KEY", key);

    // Only the host and the type import change; the example's own top-level awaits run as the module
    // loads, and the values it ends with are exported for the assertions.
    const runnable = `${source
      .replace(EXAMPLE_URL, `${server.origin}/api/trpc`)
      .replace(EXAMPLE_TYPE_IMPORT, 'import type { AppRouter } from "@/server/api/root";')}\nexport { sent, message };\n`;
    mkdirSync(tmpDir, { recursive: true });
    file = path.join(tmpDir, `readme-client-${uniq()}.ts`);
    writeFileSync(file, runnable);
    const { sent, message } = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
      sent: { channels: { channel: string; status: string; messageId?: string; reason?: string }[] };
      message: { id: string; labId: string; timeline: unknown[] };
    };

    expect(sent.channels.filter((channel) => channel.status === "queued").length).toBeGreaterThan(0);
    // Whatever else may skip a channel (no WhatsApp address here), the example's variables must not.
    expect(sent.channels.map((channel) => channel.reason ?? "")).not.toContainEqual(expect.stringMatching(/^missing_variable:/));
    expect(message).toMatchObject({ id: sent.channels[0]!.messageId, labId: lab.id });
    expect(message.timeline.length).toBeGreaterThan(0);
  });
});

describe("the README's CLI commands", () => {
  const HERALD = ["npm", "run", "herald", "--"];
  const isHerald = (command: TShellCommand) => HERALD.every((word, i) => command.words[i] === word);
  // Settled answers: anything else means send-test stopped waiting while the message was still on its way.
  const IN_FLIGHT = ["SCHEDULED", "QUEUED", "SENDING", "SENT"];

  /**
   * What the README's own commands create (an organization's or lab's --slug, a user's --email) gets a
   * unique suffix, and every --org, --lab, --slug and --email naming it follows, so a second run on the
   * same database cannot collide; names made elsewhere (the demo seed's labs) are kept as written.
   */
  function uniqueNames(herald: string[][]): Map<string, string> {
    const suffix = uniq().slice(0, 6);
    const renamed = new Map<string, string>();
    for (const words of herald) {
      for (let i = 0; i < words.length - 1; i++) {
        const value = words[i + 1]!;
        if (words[i] === "--slug") renamed.set(value, `${value}-${suffix}`);
        if (words[i] === "--email") renamed.set(value, value.replace("@", `-${suffix}@`));
      }
    }
    return renamed;
  }

  async function run(name: string, args: string[], where: string) {
    const command = commands[name];
    if (!command) throw new Error(`${where}: no CLI command "${name}"`);
    // As scripts/cli.ts turns argv into a call: unknown or malformed options are refused.
    const { values } = parseArgs({ args, options: command.options, strict: true, allowPositionals: false });
    const exitCodeBefore = process.exitCode;
    try {
      return await command.run(db(), values as Record<string, string | boolean | undefined>);
    } catch (error) {
      throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      // A command reports failure without throwing by setting the exit code (reencrypt-accounts does).
      const exitCode = process.exitCode;
      process.exitCode = exitCodeBefore;
      if (exitCode !== exitCodeBefore && exitCode !== 0) throw new Error(`${where}: exited with code ${String(exitCode)}`);
    }
  }

  it("each run successfully, in the README's order", async () => {
    const herald = commandsOfReadme.filter(isHerald);
    expect(herald.map((command) => command.words[4])).toEqual(expect.arrayContaining(["create-org", "create-lab", "create-user", "create-api-key", "seed-demo", "sync-templates", "send-test"]));
    const renamed = uniqueNames(herald.map((command) => command.words));
    let seeded = false;

    for (const command of herald) {
      const where = `README.md:${command.line}: ${command.text}`;
      const [name, ...rest] = command.words.slice(HERALD.length);
      const args = rest.map((word, i) => (["--slug", "--org", "--lab", "--email"].includes(rest[i - 1] ?? "") ? (renamed.get(word) ?? word) : word));

      // The sandbox section's send-test lines come before seed-demo in the README, and name a demo lab:
      // a reader has the demo from `npm run dev`, so it is seeded here first as start-up would.
      if (name === "send-test" && !seeded) {
        await run("seed-demo", [], `${where} (seeding the demo first)`);
        seeded = true;
      }
      const output = await run(name!, args, where);
      if (name === "seed-demo") seeded = true;

      if (name === "send-test") {
        const result = output as { messageId: string; status: string; reason?: string };
        expect(result.messageId, where).toEqual(expect.any(String));
        expect(IN_FLIGHT, where).not.toContain(result.status);
        // Every lab the README sends from has its triggers enabled (the demo by its seed, a new one by
        // create-lab's recommended set, on the demo's platform accounts) and the sandbox behind it: each
        // test send really sends.
        expect(result.status, `${where} (${result.reason ?? ""})`).not.toBe("SKIPPED");
      }
      if (name === "create-api-key") {
        // The key is printed once: it must be one that authenticates, for the lab named.
        const key = /^\s+(\S+)\s*$/m.exec(String(output))?.[1];
        const principal = key ? await authenticateApiKey(db(), key) : null;
        const lab = await db().lab.findUniqueOrThrow({ where: { slug: args[args.indexOf("--lab") + 1]! } });
        expect(principal, where).toMatchObject({ kind: "apiKey", labId: lab.id });
      }
    }
  }, 240_000);
});

describe("the README's configuration for a real PostgreSQL", () => {
  it("exports variables that a production start accepts", async () => {
    const block = blocks.find((b) => b.lang === "bash" && b.code.includes("export DATABASE_URL="));
    expect(block, "the `export DATABASE_URL=...` block").toBeDefined();
    const exports = block!.code.split("\n").filter((line) => line.startsWith("export "));
    expect(exports.length).toBeGreaterThan(0);
    // The exports run in bash as written (openssl included), in an environment of nothing but PATH and
    // a production NODE_ENV, and the environment they leave is what Herald starts with.
    const script = [...exports, `exec ${JSON.stringify(process.execPath)} -e 'process.stdout.write(JSON.stringify(process.env))'`].join("\n");
    const { stdout } = await promisify(execFile)("bash", ["-euo", "pipefail", "-c", script], { env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" }, encoding: "utf8" });
    const exported = Object.fromEntries(Object.entries(JSON.parse(stdout) as Record<string, string>).filter(([name]) => /^(DATABASE_URL|HERALD_\w+)$/.test(name)));
    expect(Object.keys(exported).sort()).toEqual(["DATABASE_URL", "HERALD_ENCRYPTION_KEY", "HERALD_SECRET"]);

    const e = parseEnv({ ...exported, NODE_ENV: "production" });
    // Production with a real database refuses to generate either secret: these must be the ones used.
    expect(resolveSecret(e)).toBe(exported.HERALD_SECRET);
    expect(resolveEncryptionKey(e)).toHaveLength(32);
    // `npm run db:migrate` and `npm run build && npm start` are run elsewhere: two db:migrate processes
    // against a fresh database in migrations.test.ts, and the production build and server under
    // Playwright (scripts/e2e-server.ts). Here they must at least name the scripts that do that.
    const rest = block!.code.split("\n").filter((line) => line.trim() && !line.startsWith("export "));
    expect(rest.map((line) => line.replace(/\s+#.*$/, "").trim())).toEqual(["npm run db:migrate", "npm run build && npm start"]);
  });
});
