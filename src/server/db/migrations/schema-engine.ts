import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type ErrorRegistry } from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import { engineAdapterFactory } from "./engine-adapter";

let loaded: Promise<void> | undefined;

/**
 * Where the engine's Rust panic hook leaves the panic message before throwing a
 * bare "unreachable"; the glue expects the host (Prisma's CLI) to provide it.
 * A panic inside an engine callback escapes as an uncaught exception that no
 * caller can catch, so the message is also printed at once.
 */
const panicRegistry = {
  message: undefined as string | undefined,
  set_message(message: string) {
    this.message = message;
    console.error(`Prisma schema engine panic: ${message}`);
  },
  take(): string | undefined {
    const message = this.message;
    this.message = undefined;
    return message;
  },
};

/**
 * Instantiates Prisma's WASM schema engine once per process. The package's own
 * entry imports the .wasm as an ES module, which Node only does behind a flag,
 * so load the file by path and wire it to the JS glue by hand.
 */
function loadSchemaEngineWasm(): Promise<void> {
  loaded ??= (async () => {
    (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: typeof panicRegistry }).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;
    const gluePath = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": withUnrefTimers(glue) });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  })();
  return loaded;
}

/**
 * The engine arms a timer per advisory-lock wait (10 s) and never clears it,
 * which holds a finished script open; unref'd timers still fire while work is
 * in flight, since its sockets keep the process alive.
 */
function withUnrefTimers(imports: typeof glue): WebAssembly.ModuleImports {
  const patched: Record<string, unknown> = { ...imports };
  for (const name of Object.keys(patched).filter((key) => key.startsWith("__wbg_setTimeout_"))) {
    patched[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return patched as WebAssembly.ModuleImports;
}

export class SchemaEngineError extends Error {
  constructor(
    message: string,
    /** Prisma's error code (P3000 to P3999) when the engine gave one. */
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "SchemaEngineError";
  }
}

/**
 * Runs `run` with a schema engine connected to `url` (see engineAdapterFactory),
 * then frees the engine and closes every connection it opened.
 */
export async function withSchemaEngine<T>(url: string | undefined, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await loadSchemaEngineWasm();
  const factory = engineAdapterFactory(url);
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  // The engine logs JSON lines (tracing); surface them only on request.
  const log = process.env.HERALD_DEBUG_SCHEMA_ENGINE ? (line: string) => console.error(line) : () => undefined;
  let engine: SchemaEngine | undefined;
  try {
    engine = await glue.SchemaEngine.new({ datamodels: undefined }, log, bound);
    return await run(engine);
  } catch (error) {
    throw explain(error, bound.errorRegistry);
  } finally {
    engine?.free();
    await factory.disposeAll();
  }
}

/**
 * A JS exception inside the adapter reaches the engine as "External error id#N";
 * the binding keeps the original under N, which names the real cause.
 */
function explain(error: unknown, registry: ErrorRegistry): unknown {
  const panic = panicRegistry.take();
  if (panic) return new SchemaEngineError(`The schema engine crashed: ${panic}`, undefined, { cause: error });
  const external = error instanceof Error ? /External error id#(\d+)/.exec(error.message) : null;
  if (external?.[1]) {
    const original = registry.consumeError(Number(external[1]))?.error;
    if (original instanceof Error) return original;
  }
  if (error instanceof Error) {
    const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
    return new SchemaEngineError(code ? `${code}: ${error.message}` : error.message, code, { cause: error });
  }
  return new SchemaEngineError(String(error));
}
