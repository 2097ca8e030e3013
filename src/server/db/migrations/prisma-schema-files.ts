import { readFile } from "node:fs/promises";
import path from "node:path";
import type { SchemaContainer } from "@prisma/schema-engine-wasm";
import { DEFAULT_SCHEMA_PATH } from "./migrations-folder";

export type SchemaPathOptions = {
  /** Defaults to `prisma/schema.prisma` under the working directory. */
  schemaPath?: string;
};

/** The Prisma schema as the engine takes it: named files with their text. */
export async function readPrismaSchemaFiles(options: SchemaPathOptions = {}): Promise<SchemaContainer[]> {
  const schemaPath = path.resolve(options.schemaPath ?? DEFAULT_SCHEMA_PATH);
  return [{ path: schemaPath, content: await readFile(schemaPath, "utf8") }];
}
