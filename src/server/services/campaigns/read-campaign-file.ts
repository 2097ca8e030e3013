import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import type { TCampaignFormat } from "@/server/domain/campaigns";

/**
 * A spreadsheet's rows as text cells, header first, read as the bytes arrive: csv-parse for CSV and
 * TSV, ExcelJS's streaming reader for XLSX (its first worksheet). Nothing holds the whole file, so a
 * 100,000-row upload costs the memory of the rows in flight, not of the file.
 */
export async function* readCampaignFile(input: Readable, format: TCampaignFormat): AsyncGenerator<string[]> {
  if (format === "xlsx") yield* readWorksheet(input);
  else yield* input.pipe(parse({ delimiter: format === "tsv" ? "\t" : ",", bom: true, relax_column_count: true, skip_empty_lines: true })) as AsyncIterable<string[]>;
}

async function* readWorksheet(input: Readable): AsyncGenerator<string[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "ignore", entries: "ignore" });
  for await (const worksheet of workbook) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      // row.values is 1-based and sparse: position 0 is empty, as are blank cells.
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      const cells = Array.from(values, (value) => cellText(value));
      if (cells.some((cell) => cell !== "")) yield cells;
    }
    return;
  }
}

/** A cell as the text a person sees: numbers as written, dates as ISO dates, rich text joined, formulas by result. */
function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== "object") return String(value);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value) return String(value.text);
  if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}
