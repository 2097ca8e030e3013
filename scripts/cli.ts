// Herald's operator CLI: `npm run herald -- <command> [options]`.
import { parseArgs } from "node:util";
import { EnvError, parseEnv } from "@/server/env";
import { ensureDatabase } from "@/server/bootstrap/ensure-database";
import { commands, usage } from "@/server/cli/commands";

async function main() {
  const [name, ...rest] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.log(usage());
    process.exit(name && name !== "help" && name !== "--help" ? 2 : 0);
  }
  const { values } = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false });
  const e = parseEnv(process.env);
  const database = await ensureDatabase(e);
  try {
    const { db } = await import("@/server/db");
    const output = await command.run(db(), values as Record<string, string | boolean | undefined>);
    console.log(typeof output === "string" ? output : JSON.stringify(output, null, 2));
    await db().$disconnect();
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  if (error instanceof EnvError) console.error(error.message);
  else console.error(`herald: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
