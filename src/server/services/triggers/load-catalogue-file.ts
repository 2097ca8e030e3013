import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@/server/errors";
import type { TCatalogue } from "@/server/domain/triggers";
import { parseCatalogue } from "@/server/services/triggers/parse-catalogue";

/** The versioned catalogue shipped with Herald; a new version is a new file, so deployed content is reviewable. */
export const DEFAULT_CATALOGUE_FILE = "config/templates.v1.json";

/** Reads and validates a catalogue file (relative paths from the working directory). */
export async function loadCatalogueFile(file: string = DEFAULT_CATALOGUE_FILE): Promise<TCatalogue> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.resolve(file), "utf8"));
  } catch (error) {
    throw new AppError("BAD_REQUEST", `cannot read the catalogue: ${error instanceof Error ? error.message : String(error)}`, file);
  }
  return parseCatalogue(raw, file);
}
