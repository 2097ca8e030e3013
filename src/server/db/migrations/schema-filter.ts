import type { SchemaFilter } from "@prisma/schema-engine-wasm";

/** Every table and enum is Prisma's: prisma.config.ts declares no external ones. */
export const NO_SCHEMA_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
