import { diffArrays, diffLines, diffWordsWithSpace } from "diff";
import type { Db } from "@/server/db";
import { TEMPLATE_CONTENT_FIELDS, type TVersionFields } from "@/server/domain/templates";
import { findTemplateVersion } from "@/server/services/templates/find-template-version";
import { findReadableTemplate } from "@/server/services/templates/template-select";

export type TDiffTemplateVersionsOptions = { labId: string; templateId: string; from: number; to: number };

/** A run of text (or WhatsApp variables) both versions share, or that only one of them has. */
export type TDiffPart = { kind: "same" | "added" | "removed"; value: string };

export type TFieldDiff = { field: keyof TVersionFields; changed: boolean; parts: TDiffPart[] };

// Past this many edits a field counts as rewritten: the diff would be noise, and
// finding it in a 200 kB email costs time a request should not spend.
const MAX_EDIT_LENGTH = 2_000;

/**
 * What changed between two versions of a template, field by field: email HTML
 * and text by line, SMS and WhatsApp bodies and subjects by word, WhatsApp
 * variables by position. Fields empty in both versions are left out.
 */
export async function diffTemplateVersions(db: Db, { labId, templateId, from, to }: TDiffTemplateVersionsOptions) {
  await findReadableTemplate(db, labId, templateId);
  const [before, after] = await Promise.all([findTemplateVersion(db, templateId, from, "from"), findTemplateVersion(db, templateId, to, "to")]);
  const fields: TFieldDiff[] = [];
  for (const field of TEMPLATE_CONTENT_FIELDS) {
    const parts = field === "waVariables" ? diffVariables(before.waVariables, after.waVariables) : diffText(field, before[field] ?? "", after[field] ?? "");
    if (parts.length === 0) continue;
    fields.push({ field, changed: parts.some((p) => p.kind !== "same"), parts });
  }
  return {
    from: { version: before.version, createdAt: before.createdAt },
    to: { version: after.version, createdAt: after.createdAt },
    fields,
  };
}

function diffText(field: string, before: string, after: string): TDiffPart[] {
  if (before === "" && after === "") return [];
  if (before === after) return [{ kind: "same", value: after }];
  const byLine = field === "html" || field === "text";
  const changes = byLine ? diffLines(before, after, { maxEditLength: MAX_EDIT_LENGTH }) : diffWordsWithSpace(before, after, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) return [...(before ? [{ kind: "removed" as const, value: before }] : []), ...(after ? [{ kind: "added" as const, value: after }] : [])];
  return changes.map((change) => ({ kind: change.added ? "added" : change.removed ? "removed" : "same", value: change.value }));
}

function diffVariables(before: string[], after: string[]): TDiffPart[] {
  if (before.length === 0 && after.length === 0) return [];
  return diffArrays(before, after).flatMap((change) =>
    change.value.map((value) => ({ kind: change.added ? ("added" as const) : change.removed ? ("removed" as const) : ("same" as const), value })),
  );
}
