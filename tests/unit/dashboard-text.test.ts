import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * The dashboard shows no text that is not in the message files: JSX text and
 * the props that become visible or spoken text (labels, titles, hints...)
 * must come from `t(...)`. A literal naming something that is not language
 * (the brand, a symbol) is listed here.
 */
const NOT_LANGUAGE = new Set(["Herald", "H", "%s · Herald", "…", "—", "·", "⚠", "✓", "!", "i"]);
const TEXT_PROPS = new Set(["aria-label", "title", "placeholder", "alt", "label", "hint", "description", "subtitle", "confirmLabel", "submitLabel", "error"]);
const ROOTS = ["src/app", "src/components"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

const hasWords = (text: string) => /\p{L}{2,}/u.test(text) && !NOT_LANGUAGE.has(text.trim());

/** Every hard-coded piece of text in one file, as "file:line: text". */
function hardCodedText(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${file}:${line + 1}: ${text.trim()}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && TEXT_PROPS.has(node.name.getText(source)) && node.initializer) {
      const value = node.initializer;
      const literal = ts.isStringLiteral(value)
        ? value
        : ts.isJsxExpression(value) && value.expression && (ts.isStringLiteral(value.expression) || ts.isNoSubstitutionTemplateLiteral(value.expression))
          ? value.expression
          : null;
      if (literal && hasWords(literal.text)) report(node, literal.text);
      if (ts.isJsxExpression(value) && value.expression && ts.isTemplateExpression(value.expression)) report(node, value.expression.getText(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("dashboard text", () => {
  it("comes from the message files, not from the components", () => {
    const files = ROOTS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap(hardCodedText)).toEqual([]);
  });
});
