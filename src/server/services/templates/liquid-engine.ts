import { Liquid, type LiquidOptions, type Template } from "liquidjs";

/**
 * The sandbox every template runs in: strict (a missing variable or an unknown
 * filter is an error, never an empty gap), no file system (`templates: {}` makes
 * include/render/layout look only in an empty in-memory map), own properties
 * only, and limits so one template cannot stall a worker or fill its memory.
 */
const SANDBOX: LiquidOptions = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
};

/** Subjects, text, SMS and WhatsApp bodies: values go out as they are. */
export const plainLiquid = new Liquid(SANDBOX);

/** Email HTML: every output is HTML-escaped, so a patient's name cannot inject markup. */
export const htmlLiquid = new Liquid({ ...SANDBOX, outputEscape: "escape" });

export type TLiquidField = "body" | "subject" | "html" | "text";

export function engineFor(field: TLiquidField): Liquid {
  return field === "html" ? htmlLiquid : plainLiquid;
}

export type { Template as TParsedLiquid };

/** LiquidJS messages carry a multi-line source excerpt; the first line says what is wrong and where. */
export function describeLiquidError(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
